#!/usr/bin/env bash
# The cost of telemetry: gateway throughput and p99 with full telemetry (OpenTelemetry tracing of every
# exchange, metrics, the Prometheus endpoint scraped during the run) against telemetry off
# (Splp:Telemetry:Enabled=false), both measured in one run on loopback.
#
#   tests/benchmarks/telemetry-bench.sh [seconds-per-run (default 10)] [runs (default 3)]
#
# Starts one sample agency app (DPMPTSP JSON) and six gateway processes (Release builds) identical but for
# the telemetry switches (all on; off; metrics only; tracing only; all on with 10 % trace sampling; off again, as a
# control), each with a pass-through and an adapted (contract-validated) route to the app; warms up, then runs wrk
# interleaved over the variants and prints the median requests/s, p99 and gateway CPU µs per request of each with
# the ratios to telemetry off, and (where metrics are on, read from the gateway's own runtime metrics) the bytes it
# allocated per request. The ops activity tracker runs in all: it is part of the product, not of telemetry.
# wrk targets 127.0.0.1 only; every process started is stopped by PID on exit. Needs wrk.
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
source "$(dirname "$0")/bench-lib.sh" splp-telemetry-bench

APP=5312 ON=5381 OFF=5382 METRICS=5383 TRACING=5384 SAMPLED=5385 OFF_AGAIN=5386
dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls "http://127.0.0.1:$APP" >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$APP/health"

export SPLP_DEV_KEY="$WORK/dev-key.json"
declare -A GATEWAY_PID
start_gateway() { # port telemetry-enabled tracing metrics [trace-sample-ratio]
  (
    cd "$ROOT/gateway/src/Splp.Gateway"
    ASPNETCORE_ENVIRONMENT=Production \
    Splp__Auth__RequireRegisteredConsumer=false \
    ASPNETCORE_URLS="http://127.0.0.1:$1" \
    Logging__LogLevel__Default=Warning \
    Splp__ExchangeLog__Enabled=false \
    Splp__Telemetry__Enabled="$2" \
    Splp__Telemetry__Tracing="$3" \
    Splp__Telemetry__Metrics="$4" \
    Splp__Telemetry__TraceSampleRatio="${5:-1.0}" \
    Splp__DevIssuer__Enabled=true \
    Splp__Agencies__bench__Name="Benchmark agency" \
    Splp__Services__izinraw__Agency=bench \
    Splp__Services__izinraw__Upstream__Destinations__a="http://127.0.0.1:$APP/" \
    Splp__Services__izinraw__Upstream__HealthCheck__Enabled=false \
    Splp__Services__perizinan__Agency=bench \
    Splp__Services__perizinan__Adapter=dpmptsp-oss \
    Splp__Services__perizinan__Upstream__Destinations__a="http://127.0.0.1:$APP/" \
    Splp__Services__perizinan__Upstream__HealthCheck__Enabled=false \
    exec dotnet "$BIN/Splp.Gateway.dll"
  ) >"$WORK/gateway-$1.log" 2>&1 & PIDS+=($!); GATEWAY_PID[$1]=$!
}
start_gateway "$ON" true true true
start_gateway "$OFF" false true true
# Only one half of telemetry each, to see where its cost goes.
start_gateway "$METRICS" true false true
start_gateway "$TRACING" true true false
# Everything on, traces recorded for 10 % of exchanges (head sampling).
start_gateway "$SAMPLED" true true true 0.1
# A second telemetry-off gateway, measured last in each round: how far two identical variants differ in this run.
start_gateway "$OFF_AGAIN" false true true
for port in "$ON" "$OFF" "$METRICS" "$TRACING" "$SAMPLED" "$OFF_AGAIN"; do wait_for "http://127.0.0.1:$port/healthz/ready"; done
curl -fsS -o /dev/null "http://127.0.0.1:$ON/metrics" || { echo "telemetry on: no /metrics" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OFF/metrics")" = 404 ] || { echo "telemetry off still serves /metrics" >&2; exit 1; }

TOKEN="$(dotnet "$BIN/splp.dll" token --consumer bench --scope bench --lifetime 02:00:00)"
FIRST="$(curl -fsS "http://127.0.0.1:$APP/api/v1/permohonan?page=1&per_page=1")"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"

declare -A URL=(
  [passthrough-on]="http://127.0.0.1:$ON/izinraw/v1/api/v1/permohonan/$PERMIT"
  [passthrough-off]="http://127.0.0.1:$OFF/izinraw/v1/api/v1/permohonan/$PERMIT"
  [passthrough-metrics-only]="http://127.0.0.1:$METRICS/izinraw/v1/api/v1/permohonan/$PERMIT"
  [passthrough-tracing-only]="http://127.0.0.1:$TRACING/izinraw/v1/api/v1/permohonan/$PERMIT"
  [passthrough-on-sampled-10pct]="http://127.0.0.1:$SAMPLED/izinraw/v1/api/v1/permohonan/$PERMIT"
  [passthrough-off-again]="http://127.0.0.1:$OFF_AGAIN/izinraw/v1/api/v1/permohonan/$PERMIT"
  [adapted-on]="http://127.0.0.1:$ON/perizinan/v1/permohonan/$PERMIT"
  [adapted-on-sampled-10pct]="http://127.0.0.1:$SAMPLED/perizinan/v1/permohonan/$PERMIT"
  [adapted-metrics-only]="http://127.0.0.1:$METRICS/perizinan/v1/permohonan/$PERMIT"
  [adapted-tracing-only]="http://127.0.0.1:$TRACING/perizinan/v1/permohonan/$PERMIT"
  [adapted-off]="http://127.0.0.1:$OFF/perizinan/v1/permohonan/$PERMIT"
)
ORDER=(passthrough-off passthrough-on passthrough-metrics-only passthrough-tracing-only passthrough-on-sampled-10pct passthrough-off-again adapted-off adapted-on adapted-on-sampled-10pct)
# VARIANTS="passthrough-off passthrough-on ..." measures only those (fewer variants: shorter rounds, less drift).
[ -n "${VARIANTS:-}" ] && read -r -a ORDER <<<"$VARIANTS"
declare -A BASELINE=([passthrough-on]=passthrough-off [passthrough-metrics-only]=passthrough-off [passthrough-tracing-only]=passthrough-off [passthrough-on-sampled-10pct]=passthrough-off [passthrough-off-again]=passthrough-off [adapted-on]=adapted-off [adapted-on-sampled-10pct]=adapted-off [adapted-metrics-only]=adapted-off [adapted-tracing-only]=adapted-off)

for name in "${ORDER[@]}"; do
  code="$(curl -s -o "$WORK/$name.body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
done

port_of() { sed -E 's#http://127.0.0.1:([0-9]+)/.*#\1#' <<<"${URL[$1]}"; }
SCRAPER=""
start_scraper() { # name: while its metrics are on, Prometheus-style scrapes every 2 s
  if [[ "$1" != *-off* && "$1" != *-tracing-only ]]; then
    local port; port="$(port_of "$1")"
    ( while true; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics"; sleep 2; done ) & SCRAPER=$!
  fi
}
stop_scraper() { if [ -n "$SCRAPER" ]; then kill "$SCRAPER" 2>/dev/null || true; wait "$SCRAPER" 2>/dev/null || true; SCRAPER=""; fi; }

# The bytes the gateway allocated since it started, from its own runtime metrics (only variants with metrics on);
# read with no load running, after the exporter's response cache (300 ms) has expired.
allocated_bytes() { # name
  sleep 0.4
  curl -fsS "http://127.0.0.1:$(port_of "$1")/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes_total[{ ]/ {print $NF}'
}

run_wrk() { # name seconds -> "rps p99ms gateway-CPU-µs/req"; appends "name bytes-allocated-per-request" to alloc.txt
  local pid before after metrics=false allocated=""
  pid="${GATEWAY_PID[$(port_of "$1")]}"
  [[ "$1" != *-off* && "$1" != *-tracing-only ]] && metrics=true
  $metrics && allocated="$(allocated_bytes "$1")"
  start_scraper "$1"
  before="$(cpu_ticks "$pid")"
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -H "Authorization: Bearer $TOKEN" "${URL[$1]}" >"$WORK/wrk.out"
  after="$(cpu_ticks "$pid")"
  stop_scraper
  if $metrics; then
    awk -v n="$1" -v a="$allocated" -v b="$(allocated_bytes "$1")" -v r="$(awk '/requests in/ {print $1}' "$WORK/wrk.out")" \
      'BEGIN {printf "%s %.0f\n", n, (b - a) / r}' >>"$WORK/alloc.txt"
  fi
  wrk_result "$1" "$((after - before))"
}

bench_rounds

# Per-round ratios: each round measures a variant seconds after its baseline, so the machine's slow drift (other
# tenants' load moving consecutive runs of one variant by ±20 %) cancels better in the median of the rounds' ratios
# than in the ratio of the medians.
round_ratio_median() { # variant baseline -> median over rounds of variant req/s ÷ baseline req/s in the same round
  paste -d' ' <(tr ' ' '\n' <<<"${RPS[$1]}" | grep -v '^$') <(tr ' ' '\n' <<<"${RPS[$2]}" | grep -v '^$') | awk '{print $1 / $2}' | median
}

printf '\n| route, telemetry | req/s (median of %s × %ss, wrk -t1 -c%s) | p99 ms | req/s × telemetry off | same, median of the rounds'"'"' ratios | gateway CPU µs/req | CPU × telemetry off | allocated B/req |\n|---|---:|---:|---:|---:|---:|---:|---:|\n' "$RUNS" "$DURATION" "$CONNECTIONS"
for name in "${ORDER[@]}"; do
  rps="$(median <<<"${RPS[$name]}")"; p99="$(median <<<"${P99[$name]}")"; cpu="$(median <<<"${CPU[$name]}")"
  baseline="${BASELINE[$name]:-$name}"
  base="$(median <<<"${RPS[$baseline]}")"; base_cpu="$(median <<<"${CPU[$baseline]}")"
  allocated="–"
  grep -q "^$name " "$WORK/alloc.txt" 2>/dev/null && allocated="$(awk -v n="$name" '$1 == n {print $2}' "$WORK/alloc.txt" | median)"
  printf '| %s | %.0f | %.2f | %.3f | %.3f | %.1f | %.3f | %s |\n' "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a/b}')" \
    "$(round_ratio_median "$name" "$baseline")" "$cpu" "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN {print a/b}')" "$allocated"
done
