#!/usr/bin/env bash
# Cost of the resilience pipeline (circuit breaker + retry with budget) on the pass-through route, measured in
# one run on loopback: the same sample app directly, through a service with the default resilience settings,
# and through an identical service with retries and circuit breaker turned off.
#
#   tests/benchmarks/resilience-bench.sh [seconds-per-run (default 10)] [runs (default 3)]
#
# Starts one sample agency app (DPMPTSP JSON) and one gateway process (Release builds), warms up, runs wrk
# interleaved over the three routes and prints the median requests/s and p99 of each with the ratio to its
# baseline (resilience on vs off; off vs direct). Every process it starts is stopped by PID on exit. Needs wrk.
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
source "$(dirname "$0")/bench-lib.sh" splp-resilience-bench

dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls http://127.0.0.1:5212 >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5212/health

(
  cd "$ROOT/gateway/src/Splp.Gateway"
  ASPNETCORE_ENVIRONMENT=Production \
  Splp__Auth__RequireRegisteredConsumer=false \
  Splp__ExchangeLog__Enabled=false \
  ASPNETCORE_URLS=http://127.0.0.1:5290 \
  Logging__LogLevel__Default=Warning \
  Splp__Agencies__bench__Name="Benchmark agency" \
  Splp__Services__tangguh__Agency=bench \
  Splp__Services__tangguh__Policies__Anonymous=true \
  Splp__Services__tangguh__Upstream__Destinations__a=http://127.0.0.1:5212/ \
  Splp__Services__tangguh__Upstream__HealthCheck__Enabled=false \
  Splp__Services__polos__Agency=bench \
  Splp__Services__polos__Policies__Anonymous=true \
  Splp__Services__polos__Upstream__Destinations__a=http://127.0.0.1:5212/ \
  Splp__Services__polos__Upstream__HealthCheck__Enabled=false \
  Splp__Services__polos__Resilience__Retry__Enabled=false \
  Splp__Services__polos__Resilience__CircuitBreaker__Enabled=false \
  exec dotnet "$BIN/Splp.Gateway.dll"
) >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5290/healthz/ready

FIRST="$(curl -fsS 'http://127.0.0.1:5212/api/v1/permohonan?page=1&per_page=1')"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"

declare -A URL=(
  [direct]="http://127.0.0.1:5212/api/v1/permohonan/$PERMIT"
  [resilience-off]="http://127.0.0.1:5290/polos/v1/api/v1/permohonan/$PERMIT"
  [resilience-on]="http://127.0.0.1:5290/tangguh/v1/api/v1/permohonan/$PERMIT"
)
ORDER=(direct resilience-off resilience-on)
declare -A BASELINE=([resilience-off]=direct [resilience-on]=resilience-off)

for name in "${ORDER[@]}"; do
  code="$(curl -s -o "$WORK/$name.body" -w '%{http_code}' "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
done

run_wrk() { # name seconds -> "rps p99ms"
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency "${URL[$1]}" >"$WORK/wrk.out"
  wrk_result "$1"
}

bench_rounds

baseline_table
