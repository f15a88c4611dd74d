#!/usr/bin/env bash
# Cost of authentication: the same upstream route through the gateway anonymous, with a bearer token and with
# an API key, all measured in one run on loopback, plus the upstream hit directly.
#
#   tests/benchmarks/identity-bench.sh [seconds-per-run (default 10)] [runs (default 3)]
#
# Starts one sample agency app (DPMPTSP JSON) and one gateway process (Release builds) with two services on
# that app — `publik` (anonymous) and `izin` (needs a subscribed consumer with the scope) — and a registered
# consumer `bench` that holds a bearer token (development issuer, ES256) and an API key. Registration is
# required, so the authenticated routes run the whole identity path: credential check, consumer claims,
# subscription and scope check, identity headers toward the upstream. Prints the median requests/s and p99
# of each route with the ratio to the anonymous route. Every process it starts is stopped by PID on exit.
# Needs wrk (apt-get install wrk).
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
source "$(dirname "$0")/bench-lib.sh" splp-identity-bench

dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls http://127.0.0.1:5302 >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5302/health

export SPLP_DEV_KEY="$WORK/dev-key.json"
KEY="$(dotnet "$BIN/splp.dll" apikey --consumer bench --key-id bench1 | head -n 1)"
(
  cd "$ROOT/gateway/src/Splp.Gateway"
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS=http://127.0.0.1:5380 \
  Logging__LogLevel__Default=Warning \
  Splp__ExchangeLog__Enabled=false \
  Splp__DevIssuer__Enabled=true \
  Splp__Auth__RequireRegisteredConsumer=true \
  Splp__Agencies__bench__Name="Benchmark agency" \
  Splp__Services__izin__Agency=bench \
  Splp__Services__izin__Policies__Scopes__0=izin.read \
  Splp__Services__izin__Upstream__Destinations__a=http://127.0.0.1:5302/ \
  Splp__Services__izin__Upstream__HealthCheck__Enabled=false \
  Splp__Services__publik__Agency=bench \
  Splp__Services__publik__Policies__Anonymous=true \
  Splp__Services__publik__Upstream__Destinations__a=http://127.0.0.1:5302/ \
  Splp__Services__publik__Upstream__HealthCheck__Enabled=false \
  Splp__Plans__bench__RequestsPerSecond=0 \
  Splp__Consumers__bench__Plan=bench \
  Splp__Consumers__bench__Organisation=bench \
  Splp__Consumers__bench__Subscriptions__izin__Scopes__0=izin.read \
  Splp__Consumers__bench__ApiKeys__bench1__Hash="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)" \
  exec dotnet "$BIN/Splp.Gateway.dll"
) >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5380/healthz/ready

TOKEN="$(dotnet "$BIN/splp.dll" token --consumer bench --scope izin.read --lifetime 02:00:00)"
FIRST="$(curl -fsS 'http://127.0.0.1:5302/api/v1/permohonan?page=1&per_page=1')"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"

declare -A URL=(
  [direct]="http://127.0.0.1:5302/api/v1/permohonan/$PERMIT"
  [gateway-anonymous]="http://127.0.0.1:5380/publik/v1/api/v1/permohonan/$PERMIT"
  [gateway-bearer]="http://127.0.0.1:5380/izin/v1/api/v1/permohonan/$PERMIT"
  [gateway-apikey]="http://127.0.0.1:5380/izin/v1/api/v1/permohonan/$PERMIT"
)
declare -A HEADER=([direct]="X-Bench: direct" [gateway-anonymous]="X-Bench: anonymous" [gateway-bearer]="Authorization: Bearer $TOKEN" [gateway-apikey]="X-Api-Key: $KEY")
ORDER=(direct gateway-anonymous gateway-bearer gateway-apikey)
declare -A BASELINE=([gateway-anonymous]=direct [gateway-bearer]=gateway-anonymous [gateway-apikey]=gateway-anonymous)

for name in "${ORDER[@]}"; do
  code="$(curl -s -o "$WORK/$name.body" -w '%{http_code}' -H "${HEADER[$name]}" "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
done
# The refusals the authenticated route gives without credentials, to be sure it is not anonymous.
code="$(curl -s -o /dev/null -w '%{http_code}' "${URL[gateway-bearer]}")"
[ "$code" = 401 ] || { echo "the authenticated route answered $code without credentials" >&2; exit 1; }

run_wrk() { # name seconds -> "rps p99ms"
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -H "${HEADER[$1]}" "${URL[$1]}" >"$WORK/wrk.out"
  wrk_result "$1"
}

bench_rounds

baseline_table
