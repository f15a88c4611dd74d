#!/usr/bin/env bash
# Gateway throughput against the upstream hit directly, both measured in one run on loopback.
#
#   tests/benchmarks/proxy-bench.sh [seconds-per-run (default 10)] [runs (default 3)]
#
# Starts two sample agency app processes (DPMPTSP JSON, Disdukcapil XML), one gateway process and one bare
# YARP process (tests/Splp.BareYarp: one route, default transforms, nothing else), all Release builds; warms
# everything up, then runs wrk interleaved over: each upstream direct, the JSON one through bare YARP, through
# a pass-through route, through its adapted contract route (adapter + contract validation), plus an anonymous
# route; prints the median requests/s and p99 of each with the ratio to its baseline (bare YARP vs direct;
# the gateway's JSON pass-through and anonymous routes vs bare YARP; XML pass-through vs direct; adapted vs
# pass-through to the same upstream). Every process it starts is
# stopped by PID on exit. Needs wrk (apt-get install wrk).
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
source "$(dirname "$0")/bench-lib.sh" splp-bench 

dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls http://127.0.0.1:5202 >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
dotnet "$BIN/Splp.SampleAgencies.dll" --agency disdukcapil --urls http://127.0.0.1:5201 >"$WORK/disdukcapil.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5202/health
wait_for http://127.0.0.1:5201/health
dotnet build "$ROOT/tests/Splp.BareYarp" -c Release -v q -nologo >/dev/null
ASPNETCORE_URLS=http://127.0.0.1:5290 Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/tests/Splp.BareYarp/bin/Release/net10.0/Splp.BareYarp.dll" --upstream http://127.0.0.1:5202/ >"$WORK/bare-yarp.log" 2>&1 & PIDS+=($!)

export SPLP_DEV_KEY="$WORK/dev-key.json"
# Two upstreams, each behind the gateway twice: raw (pass-through, no contract) and adapted (declarative or
# C# adapter, contract validation on, as in production). Contracts and mappings ship with the gateway.
(
  cd "$ROOT/gateway/src/Splp.Gateway"
  ASPNETCORE_ENVIRONMENT=Production \
  Splp__Auth__RequireRegisteredConsumer=false \
  ASPNETCORE_URLS=http://127.0.0.1:5280 \
  Logging__LogLevel__Default=Warning \
  Splp__DevIssuer__Enabled=true \
  Splp__ExchangeLog__Enabled=false \
  Splp__Agencies__bench__Name="Benchmark agency" \
  Splp__Services__izinraw__Agency=bench \
  Splp__Services__izinraw__Upstream__Destinations__a=http://127.0.0.1:5202/ \
  Splp__Services__izinraw__Upstream__HealthCheck__Enabled=false \
  Splp__Services__publik__Agency=bench \
  Splp__Services__publik__Policies__Anonymous=true \
  Splp__Services__publik__Upstream__Destinations__a=http://127.0.0.1:5202/ \
  Splp__Services__publik__Upstream__HealthCheck__Enabled=false \
  Splp__Services__perizinan__Agency=bench \
  Splp__Services__perizinan__Adapter=dpmptsp-oss \
  Splp__Services__perizinan__Upstream__Destinations__a=http://127.0.0.1:5202/ \
  Splp__Services__perizinan__Upstream__HealthCheck__Enabled=false \
  Splp__Services__dukcapilraw__Agency=bench \
  Splp__Services__dukcapilraw__Upstream__Destinations__a=http://127.0.0.1:5201/ \
  Splp__Services__dukcapilraw__Upstream__HealthCheck__Enabled=false \
  Splp__Services__kependudukan__Agency=bench \
  Splp__Services__kependudukan__Adapter=disdukcapil-xml \
  Splp__Services__kependudukan__Upstream__Destinations__a=http://127.0.0.1:5201/ \
  Splp__Services__kependudukan__Upstream__HealthCheck__Enabled=false \
  exec dotnet "$BIN/Splp.Gateway.dll"
) >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5280/healthz/ready
wait_for "http://127.0.0.1:5290/bare/health"

TOKEN="$(dotnet "$BIN/splp.dll" token --consumer bench --scope bench --lifetime 02:00:00)"
FIRST="$(curl -fsS 'http://127.0.0.1:5202/api/v1/permohonan?page=1&per_page=1')"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"
NIK="$(sed -E 's/.*"nik_pemohon":"([0-9]{16})".*/\1/' <<<"$FIRST")"

declare -A URL=(
  [direct-json]="http://127.0.0.1:5202/api/v1/permohonan/$PERMIT"
  [bare-yarp]="http://127.0.0.1:5290/bare/api/v1/permohonan/$PERMIT"
  [gateway-passthrough]="http://127.0.0.1:5280/izinraw/v1/api/v1/permohonan/$PERMIT"
  [gateway-anonymous]="http://127.0.0.1:5280/publik/v1/api/v1/permohonan/$PERMIT"
  [gateway-adapted-json]="http://127.0.0.1:5280/perizinan/v1/permohonan/$PERMIT"
  [direct-xml]="http://127.0.0.1:5201/ws/biodata?NIK=$NIK"
  [gateway-passthrough-xml]="http://127.0.0.1:5280/dukcapilraw/v1/ws/biodata?NIK=$NIK"
  [gateway-adapted-xml]="http://127.0.0.1:5280/kependudukan/v1/penduduk/$NIK"
)
ORDER=(direct-json bare-yarp gateway-passthrough gateway-anonymous gateway-adapted-json direct-xml gateway-passthrough-xml gateway-adapted-xml)
declare -A BASELINE=([bare-yarp]=direct-json [gateway-passthrough]=bare-yarp [gateway-anonymous]=bare-yarp [gateway-adapted-json]=gateway-passthrough [gateway-passthrough-xml]=direct-xml [gateway-adapted-xml]=gateway-passthrough-xml)

for name in "${ORDER[@]}"; do
  code="$(curl -s -o "$WORK/$name.body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
  echo "# $name: $(wc -c <"$WORK/$name.body") bytes" >&2
done

run_wrk() { # name seconds -> "rps p99ms"; anonymous routes are called without a token, others with one
  local auth=(-H "Authorization: Bearer $TOKEN")
  [ "$1" = gateway-anonymous ] && auth=()
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency "${auth[@]}" "${URL[$1]}" >"$WORK/wrk.out"
  wrk_result "$1"
}

bench_rounds


baseline_table
