#!/usr/bin/env bash
# Where the gateway's CPU per exchange goes, by component, on one route under load.
#
#   tests/benchmarks/profile-bench.sh [passthrough|adapted|anonymous] [Name=value ...]
#
# Starts one sample agency app (DPMPTSP JSON) and one gateway process (Release builds; the extra Name=value
# arguments are exported to the gateway, e.g. Splp__Telemetry__Enabled=false), loads the route with wrk for 20 s to
# warm up, then for 25 s while `perf record -g` samples the gateway for 15 s; prints the gateway's CPU per exchange
# charged to components (tests/benchmarks/exchange-profile.py). Needs wrk, perf (apt-get install linux-perf) and
# python3. wrk targets 127.0.0.1 only; every process started is stopped by PID on exit.
ROUTE="${1:-passthrough}"; shift || true
source "$(dirname "$0")/bench-lib.sh" splp-profile perf python3
SAMPLE_HZ=999 PROFILE_SECONDS=15

dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls http://127.0.0.1:5242 >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5242/health

export SPLP_DEV_KEY="$WORK/dev-key.json"
(
  cd "$ROOT/gateway/src/Splp.Gateway"
  # Names for JIT-compiled frames (/tmp/perf-<pid>.map); code mapped once, so perf can read it.
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5243 Logging__LogLevel__Default=Warning \
    Splp__Auth__RequireRegisteredConsumer=false Splp__DevIssuer__Enabled=true Splp__ExchangeLog__Enabled=false \
    Splp__Agencies__bench__Name="Benchmark agency" \
    Splp__Services__izinraw__Agency=bench Splp__Services__izinraw__Upstream__Destinations__a=http://127.0.0.1:5242/ \
    Splp__Services__izinraw__Upstream__HealthCheck__Enabled=false \
    Splp__Services__publik__Agency=bench Splp__Services__publik__Policies__Anonymous=true \
    Splp__Services__publik__Upstream__Destinations__a=http://127.0.0.1:5242/ Splp__Services__publik__Upstream__HealthCheck__Enabled=false \
    Splp__Services__perizinan__Agency=bench Splp__Services__perizinan__Adapter=dpmptsp-oss \
    Splp__Services__perizinan__Upstream__Destinations__a=http://127.0.0.1:5242/ Splp__Services__perizinan__Upstream__HealthCheck__Enabled=false
  for setting in "$@"; do export "${setting?}"; done
  exec dotnet "$BIN/Splp.Gateway.dll"
) >"$WORK/gateway.log" 2>&1 & GATEWAY=$!; PIDS+=("$GATEWAY")
wait_for http://127.0.0.1:5243/healthz/ready

TOKEN="$(dotnet "$BIN/splp.dll" token --consumer bench --scope bench --lifetime 02:00:00)"
FIRST="$(curl -fsS 'http://127.0.0.1:5242/api/v1/permohonan?page=1&per_page=1')"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"
case "$ROUTE" in
  passthrough) URL="http://127.0.0.1:5243/izinraw/v1/api/v1/permohonan/$PERMIT" ;;
  anonymous) URL="http://127.0.0.1:5243/publik/v1/api/v1/permohonan/$PERMIT" ;;
  adapted) URL="http://127.0.0.1:5243/perizinan/v1/permohonan/$PERMIT" ;;
  *) echo "route: passthrough, adapted or anonymous" >&2; exit 2 ;;
esac
code="$(curl -s -o "$WORK/first.body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL")"
[ "$code" = 200 ] || { echo "$ROUTE answered $code: $(cat "$WORK/first.body")" >&2; exit 1; }

echo "# warm-up (20 s)" >&2
wrk -t1 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d25s -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk.out" & LOAD=$!
sleep 5
perf record -F "$SAMPLE_HZ" -g -p "$GATEWAY" -o "$WORK/perf.data" -- sleep "$PROFILE_SECONDS" 2>"$WORK/perf.log"
wait "$LOAD"
read -r rps _ <<<"$(wrk_result "$ROUTE")"
echo "# $ROUTE: $rps req/s during the profile (perf's own cost included)" >&2
perf script -i "$WORK/perf.data" -F comm,ip,sym,dso 2>/dev/null \
  | python3 "$ROOT/tests/benchmarks/exchange-profile.py" "$SAMPLE_HZ" "$(awk -v r="$rps" -v s="$PROFILE_SECONDS" 'BEGIN {print r * s}')"
rm -f "/tmp/perf-$GATEWAY.map"
