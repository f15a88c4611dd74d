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
  local rps p99
  rps="$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$WORK/wrk.out")"
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "$1: non-2xx answers during the run" >&2; cat "$WORK/wrk.out" >&2; exit 1; fi
  echo "$rps $p99"
}

echo "# warm-up ($DURATION s each)" >&2
for name in "${ORDER[@]}"; do run_wrk "$name" "$DURATION" >/dev/null; done

declare -A RPS P99
for run in $(seq 1 "$RUNS"); do
  for name in "${ORDER[@]}"; do
    read -r rps p99 <<<"$(run_wrk "$name" "$DURATION")"
    RPS[$name]+="$rps "; P99[$name]+="$p99 "
    echo "# run $run $name: $rps req/s, p99 $p99 ms" >&2
  done
done

printf '\n| route | req/s (median of %s × %ss, wrk -t1 -c%s) | p99 ms | baseline | × baseline |\n|---|---:|---:|---|---:|\n' "$RUNS" "$DURATION" "$CONNECTIONS"
for name in "${ORDER[@]}"; do
  rps="$(median <<<"${RPS[$name]}")"; p99="$(median <<<"${P99[$name]}")"
  baseline="${BASELINE[$name]:-$name}"
  base="$(median <<<"${RPS[$baseline]}")"
  printf '| %s | %.0f | %.2f | %s | %.2f |\n' "$name" "$rps" "$p99" "$baseline" "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a/b}')"
done
