# Shared set-up of the benchmark scripts; sourced, not run. Defines DURATION, RUNS, CONNECTIONS, ROOT,
# WORK (a temp folder), PIDS (every process started: killed and reaped on exit), BIN (the Release
# build), wait_for URL and median; builds the gateway, CLI and sample apps in Release.
# Usage in a script:  source "$(dirname "$0")/bench-lib.sh" <work-folder-prefix> [tool ...]
set -euo pipefail

DURATION="${DURATION_ARG:-10}"
RUNS="${RUNS_ARG:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
shift
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk "$@"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 2; }
done

echo "# building Release" >&2
dotnet build "$ROOT/gateway/src/Splp.Cli" -c Release -v q -nologo >/dev/null
BIN="$ROOT/gateway/src/Splp.Cli/bin/Release/net10.0"

wait_for() { # url: up to 60 s, then the logs of what was started
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; tail -n 30 "$WORK"/*.log >&2 || true; exit 1
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

cpu_ticks() { # pid... -> utime+stime in clock ticks, summed
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}
HZ="$(getconf CLK_TCK)"

# wrk_result name [cpu-ticks]: reads $WORK/wrk.out of the run just made against route <name>; prints "req/s p99-ms",
# plus the CPU µs per request when given the CPU ticks (cpu_ticks) the measured processes spent during the run.
# Non-2xx answers stop the script: a benchmark of errors measures nothing.
wrk_result() {
  local rps p99 cpu=""
  rps="$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$WORK/wrk.out")"
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "$1: non-2xx answers during the run" >&2; cat "$WORK/wrk.out" >&2; exit 1; fi
  if [ -n "${2:-}" ]; then
    cpu="$(awk -v t="$2" -v hz="$HZ" -v n="$(awk '/requests in/ {print $1}' "$WORK/wrk.out")" 'BEGIN {printf "%.1f", t / hz * 1000000 / n}')"
  fi
  echo "$rps $p99 $cpu"
}

# bench_rounds: one warm-up run per route in ORDER (WARMUP seconds each, default 20: a gateway's tiered JIT needs
# seconds to tens of seconds of load before its requests/s stops climbing, and with one run's length of warm-up the
# first rounds could still be climbing), then RUNS rounds interleaved over ORDER with the script's run_wrk
# (name seconds -> "req/s p99-ms [CPU-µs/req]"), collected in RPS, P99 and CPU (space-separated per route, in round
# order). Each round starts one route further along ORDER, so no route always runs first, or always right
# after the same other route.
declare -A RPS P99 CPU
bench_rounds() {
  local run name rps p99 cpu i count="${#ORDER[@]}"
  echo "# warm-up (${WARMUP:-20} s each)" >&2
  for name in "${ORDER[@]}"; do run_wrk "$name" "${WARMUP:-20}" >/dev/null; done
  for run in $(seq 1 "$RUNS"); do
    for i in $(seq 0 $((count - 1))); do
      name="${ORDER[$(((i + run - 1) % count))]}"
      read -r rps p99 cpu <<<"$(run_wrk "$name" "$DURATION")"
      RPS[$name]+="$rps "; P99[$name]+="$p99 "; CPU[$name]+="${cpu:+$cpu }"
      echo "# run $run $name: $rps req/s, p99 $p99 ms${cpu:+, CPU $cpu µs/req}" >&2
    done
  done
}

# baseline_table: the medians of every route in ORDER with its ratio to BASELINE[route] (itself when unset).
baseline_table() {
  local name rps p99 baseline base
  printf '\n| route | req/s (median of %s × %ss, wrk -t1 -c%s) | p99 ms | baseline | × baseline |\n|---|---:|---:|---|---:|\n' "$RUNS" "$DURATION" "$CONNECTIONS"
  for name in "${ORDER[@]}"; do
    rps="$(median <<<"${RPS[$name]}")"; p99="$(median <<<"${P99[$name]}")"
    baseline="${BASELINE[$name]:-$name}"
    base="$(median <<<"${RPS[$baseline]}")"
    printf '| %s | %.0f | %.2f | %s | %.2f |\n' "$name" "$rps" "$p99" "$baseline" "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a/b}')"
  done
}
