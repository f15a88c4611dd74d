#!/usr/bin/env bash
# The exchange log's cost per request, and verify-log's speed on a 1-million-record log.
#
#   tests/benchmarks/exchangelog-bench.sh [seconds-per-run (default 10)] [runs (default 3)] [records (default 1000000)]
#
# Part 1: one sample agency app (DPMPTSP JSON) and two gateway processes in front of it on loopback, identical
# except Splp:ExchangeLog:Enabled (on: FlushInterval 1 s, checkpoints every 10 000 records / 1 min, as shipped);
# wrk runs interleaved on the same pass-through route of each; prints median req/s and p99 with the ratio log-on /
# log-off. Part 2: generates a log of N records (realistic gateway records, a checkpoint every 10 000) and times
# `splp verify-log` against `sha256sum` of the same files (the floor: reading and hashing every byte once).
# Every process it starts is stopped by PID on exit. Needs wrk (apt-get install wrk).
# PARTS="wrk verify" (default) selects the parts to run.
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
RECORDS="${3:-1000000}"
source "$(dirname "$0")/bench-lib.sh" splp-xlog-bench sha256sum

dotnet build "$ROOT/tests/Splp.ExchangeLog.Benchmarks" -c Release -v q -nologo >/dev/null
PARTS="${PARTS:-wrk verify}"
if [[ " $PARTS " == *" wrk "* ]]; then
dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls http://127.0.0.1:5302 >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:5302/health

export SPLP_DEV_KEY="$WORK/dev-key.json"
start_gateway() { # name port log-enabled
  (
    cd "$ROOT/gateway/src/Splp.Gateway"
    ASPNETCORE_ENVIRONMENT=Production \
    Splp__Auth__RequireRegisteredConsumer=false \
    ASPNETCORE_URLS="http://127.0.0.1:$2" \
    Logging__LogLevel__Default=Warning \
    Splp__DevIssuer__Enabled=true \
    Splp__Agencies__bench__Name="Benchmark agency" \
    Splp__Services__izinraw__Agency=bench \
    Splp__Services__izinraw__Upstream__Destinations__a=http://127.0.0.1:5302/ \
    Splp__Services__izinraw__Upstream__HealthCheck__Enabled=false \
    Splp__ExchangeLog__Enabled="$3" \
    Splp__ExchangeLog__Instance="$1" \
    Splp__ExchangeLog__Directory="$WORK/log" \
    Splp__ExchangeLog__SigningKeyPath="$WORK/log-key.pem" \
    Splp__ExchangeLog__SubjectKeyPath="$WORK/subject.key" \
    exec dotnet "$BIN/Splp.Gateway.dll"
  ) >"$WORK/$1.log" 2>&1 & PIDS+=($!)
  wait_for "http://127.0.0.1:$2/healthz/ready"
}
start_gateway log-off 5380 false
start_gateway log-on 5381 true

TOKEN="$(dotnet "$BIN/splp.dll" token --consumer bench --scope bench --lifetime 02:00:00)"
FIRST="$(curl -fsS 'http://127.0.0.1:5302/api/v1/permohonan?page=1&per_page=1')"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"
declare -A URL=(
  [log-off]="http://127.0.0.1:5380/izinraw/v1/api/v1/permohonan/$PERMIT"
  [log-on]="http://127.0.0.1:5381/izinraw/v1/api/v1/permohonan/$PERMIT"
)
ORDER=(log-off log-on)
for name in "${ORDER[@]}"; do
  code="$(curl -s -o "$WORK/$name.body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
done

run_wrk() { # name seconds -> "rps p99ms"
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -H "Authorization: Bearer $TOKEN" "${URL[$1]}" >"$WORK/wrk.out"
  wrk_result "$1"
}

bench_rounds

printf '\n| gateway | req/s (median of %s × %ss, wrk -t1 -c%s) | p99 ms | × log-off |\n|---|---:|---:|---:|\n' "$RUNS" "$DURATION" "$CONNECTIONS"
for name in "${ORDER[@]}"; do
  rps="$(median <<<"${RPS[$name]}")"; p99="$(median <<<"${P99[$name]}")"; base="$(median <<<"${RPS[log-off]}")"
  printf '| %s | %.0f | %.2f | %.2f |\n' "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a/b}')"
done

# The log-on gateway's own log must verify after a clean stop.
kill -TERM "${PIDS[2]}"; wait "${PIDS[2]}" 2>/dev/null || true
dotnet "$BIN/splp.dll" log-public-key --signing-key "$WORK/log-key.pem" >"$WORK/log-key.pub"
dotnet "$BIN/splp.dll" verify-log "$WORK/log" --public-key "$WORK/log-key.pub" | tail -n 1
fi

if [[ " $PARTS " == *" verify "* ]]; then
dotnet "$BIN/splp.dll" log-public-key --signing-key "$WORK/log-key.pem" >"$WORK/log-key.pub"

echo "# generating a $RECORDS-record log" >&2
BENCH="$ROOT/tests/Splp.ExchangeLog.Benchmarks/bin/Release/net10.0"
dotnet "$BENCH/Splp.ExchangeLog.Benchmarks.dll" generate "$WORK/big" "$RECORDS" "$WORK/log-key.pem"
BYTES="$(cat "$WORK"/big/*.jsonl | wc -c)"
LINES="$(cat "$WORK"/big/*.jsonl | wc -l)"
cat "$WORK"/big/*.jsonl >/dev/null # page cache warm for both
declare -A SECS
for run in $(seq 1 "$RUNS"); do
  /usr/bin/time -f '%e' -o "$WORK/t1" sh -c "cat '$WORK'/big/*.jsonl | sha256sum >/dev/null"
  /usr/bin/time -f '%e' -o "$WORK/t2" dotnet "$BIN/splp.dll" verify-log "$WORK/big" --public-key "$WORK/log-key.pub" >"$WORK/verify.out" 2>"$WORK/verify.err"
  grep -q '^OK' "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; exit 1; }
  SECS[sha256sum]+="$(cat "$WORK/t1") "; SECS[verify-log]+="$(cat "$WORK/t2") "
  echo "# run $run: sha256sum $(cat "$WORK/t1") s, verify-log $(cat "$WORK/t2") s ($(cat "$WORK/verify.err"))" >&2
done
printf '\n| %s lines, %s MB | seconds (median of %s, wall, process start included) | records/s | MB/s | × sha256sum time |\n|---|---:|---:|---:|---:|\n' "$LINES" "$((BYTES / 1000000))" "$RUNS"
for name in sha256sum verify-log; do
  s="$(median <<<"${SECS[$name]}")"; base="$(median <<<"${SECS[sha256sum]}")"
  printf '| %s | %.2f | %.0f | %.0f | %.2f |\n' "$name" "$s" "$(awk -v n="$LINES" -v s="$s" 'BEGIN {print n/s}')" "$(awk -v b="$BYTES" -v s="$s" 'BEGIN {print b/s/1e6}')" "$(awk -v a="$s" -v b="$base" 'BEGIN {print a/b}')"
done
fi
