#!/usr/bin/env bash
# Cost of rate limiting (Redis) and gain of response caching, each against its baseline, in one run on loopback.
#
#   tests/benchmarks/ratelimit-cache-bench.sh [seconds-per-run (default 10)] [runs (default 3)]
#
# Starts its own redis-server (no persistence), one sample agency app (dpmptsp) as the upstream and one gateway
# process (Release) configured with that Redis, warms everything up, then runs wrk interleaved:
#   direct          the upstream hit directly
#   unlimited       the gateway route for a consumer without a plan (no rate-limit work)
#   limited         the same route for a consumer whose plan is checked in Redis on every request (never refused:
#                   1,000,000/s with an equal burst, so every request pays the full Lua round trip)
#   uncached        a gateway route without cache rules
#   cached          the same upstream path behind a cache rule (every measured request is a memory-level hit)
# and prints medians of requests/s and p99 with the ratios the issue aims at: limited ≥ 0.8× unlimited;
# cached ≥ 1.5× uncached with a lower p99. Every process it starts is stopped by PID on exit. Needs wrk and
# redis-server (apt-get install -y wrk redis-server).
DURATION_ARG="${1:-10}" RUNS_ARG="${2:-3}"
source "$(dirname "$0")/bench-lib.sh" splp-rlc-bench redis-server

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >"$WORK/redis.log" 2>&1 & PIDS+=($!)
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

UP_PORT="$(free_port)"
dotnet "$BIN/Splp.SampleAgencies.dll" --agency dpmptsp --urls "http://127.0.0.1:$UP_PORT" >"$WORK/dpmptsp.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP_PORT/health"

GW_PORT="$(free_port)"
export SPLP_DEV_KEY="$WORK/dev-key.json"
(
  cd "$ROOT/gateway/src/Splp.Gateway"
  ASPNETCORE_ENVIRONMENT=Production \
  Splp__Auth__RequireRegisteredConsumer=false \
  ASPNETCORE_URLS="http://127.0.0.1:$GW_PORT" \
  Logging__LogLevel__Default=Warning \
  Splp__DevIssuer__Enabled=true \
  Splp__ExchangeLog__Enabled=false \
  Splp__Redis__Configuration="127.0.0.1:$REDIS_PORT" \
  Splp__Plans__besar__RequestsPerSecond=1000000 \
  Splp__Plans__besar__Burst=1000000 \
  Splp__Plans__besar__DailyQuota=0 \
  Splp__Consumers__benchlimited__Plan=besar \
  Splp__Agencies__bench__Name="Benchmark agency" \
  Splp__Services__izinlama__Agency=bench \
  Splp__Services__izinlama__Upstream__Destinations__a="http://127.0.0.1:$UP_PORT/" \
  Splp__Services__izinlama__Upstream__HealthCheck__Enabled=false \
  Splp__Services__tercache__Agency=bench \
  Splp__Services__tercache__Upstream__Destinations__a="http://127.0.0.1:$UP_PORT/" \
  Splp__Services__tercache__Upstream__HealthCheck__Enabled=false \
  Splp__Services__tercache__Cache__Operations__permohonan__Path='/api/v1/permohonan/{nomor}' \
  Splp__Services__tercache__Cache__Operations__permohonan__Ttl=01:00:00 \
  exec dotnet "$BIN/Splp.Gateway.dll"
) >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
GATEWAY_PID=$!
wait_for "http://127.0.0.1:$GW_PORT/healthz/ready"

TOKEN_FREE="$(dotnet "$BIN/splp.dll" token --consumer benchfree --scope bench --lifetime 02:00:00)"
TOKEN_LIMITED="$(dotnet "$BIN/splp.dll" token --consumer benchlimited --scope bench --lifetime 02:00:00)"
FIRST="$(curl -fsS "http://127.0.0.1:$UP_PORT/api/v1/permohonan?page=1&per_page=1")"
PERMIT="$(sed -E 's/.*"no_permohonan":"([^"]+)".*/\1/' <<<"$FIRST")"

declare -A URL=(
  [direct]="http://127.0.0.1:$UP_PORT/api/v1/permohonan/$PERMIT"
  [unlimited]="http://127.0.0.1:$GW_PORT/izinlama/v1/api/v1/permohonan/$PERMIT"
  [limited]="http://127.0.0.1:$GW_PORT/izinlama/v1/api/v1/permohonan/$PERMIT"
  [uncached]="http://127.0.0.1:$GW_PORT/izinlama/v1/api/v1/permohonan/$PERMIT"
  [cached]="http://127.0.0.1:$GW_PORT/tercache/v1/api/v1/permohonan/$PERMIT"
)
declare -A TOKEN=([direct]="" [unlimited]="$TOKEN_FREE" [limited]="$TOKEN_LIMITED" [uncached]="$TOKEN_FREE" [cached]="$TOKEN_FREE")
ORDER=(direct unlimited limited uncached cached)

for name in "${ORDER[@]}"; do
  code="$(curl -s -D "$WORK/$name.headers" -o "$WORK/$name.body" -w '%{http_code}' -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}")"
  [ "$code" = 200 ] || { echo "$name answered $code: $(cat "$WORK/$name.body")" >&2; exit 1; }
  echo "# $name: $(wc -c <"$WORK/$name.body") bytes" >&2
done
grep -qi '^RateLimit: ' "$WORK/limited.headers" || { echo "the limited route carries no RateLimit header" >&2; exit 1; }
curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN_FREE" "${URL[cached]}" | grep -qi '^Splp-Cache: hit' \
  || { echo "the cached route is not a hit" >&2; exit 1; }

run_wrk() { # name seconds -> "rps p99ms gateway+redis-CPU-µs/req"
  local auth=()
  [ -n "${TOKEN[$1]}" ] && auth=(-H "Authorization: Bearer ${TOKEN[$1]}")
  local before after
  before="$(cpu_ticks "$GATEWAY_PID" "$REDIS_PID")"
  wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency "${auth[@]}" "${URL[$1]}" >"$WORK/wrk.out"
  after="$(cpu_ticks "$GATEWAY_PID" "$REDIS_PID")"
  wrk_result "$1" "$((after - before))"
}

bench_rounds

printf '\n| route | req/s (median of %s × %ss, wrk -t1 -c%s) | p99 ms | gateway+redis CPU µs/req | × direct | × its baseline |\n|---|---:|---:|---:|---:|---:|\n' "$RUNS" "$DURATION" "$CONNECTIONS"
direct="$(median <<<"${RPS[direct]}")"
for name in "${ORDER[@]}"; do
  rps="$(median <<<"${RPS[$name]}")"; p99="$(median <<<"${P99[$name]}")"; cpu="$(median <<<"${CPU[$name]}")"
  case "$name" in
    limited) base="$(median <<<"${RPS[unlimited]}")"; label="unlimited" ;;
    cached) base="$(median <<<"${RPS[uncached]}")"; label="uncached" ;;
    *) base=""; label="" ;;
  esac
  ratio="–"; [ -n "$base" ] && ratio="$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a/b}') (vs $label)"
  printf '| %s | %.0f | %.2f | %s | %.2f | %s |\n' "$name" "$rps" "$p99" "$cpu" "$(awk -v a="$rps" -v b="$direct" 'BEGIN {print a/b}')" "$ratio"
done

limited_ratio="$(awk -v a="$(median <<<"${RPS[limited]}")" -v b="$(median <<<"${RPS[unlimited]}")" 'BEGIN {print a/b}')"
cached_ratio="$(awk -v a="$(median <<<"${RPS[cached]}")" -v b="$(median <<<"${RPS[uncached]}")" 'BEGIN {print a/b}')"
cached_p99_lower="$(awk -v a="$(median <<<"${P99[cached]}")" -v b="$(median <<<"${P99[uncached]}")" 'BEGIN {print (a < b) ? "yes" : "no"}')"
printf '\nlimited/unlimited = %.2f (aim ≥ 0.80); cached/uncached = %.2f (aim ≥ 1.50); cached p99 lower: %s\n' "$limited_ratio" "$cached_ratio" "$cached_p99_lower"
