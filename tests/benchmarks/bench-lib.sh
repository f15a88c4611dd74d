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
