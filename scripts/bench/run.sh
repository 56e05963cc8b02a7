#!/usr/bin/env bash
# npm run bench: Zoop side by side with the physical-limit baseline (../shared/bench), on this machine.
#
#   npm run bench                    # 5 rounds of 6 s, 100k jobs, then the series-window timing
#   ROUNDS=1 DURATION=5 npm run bench   # a quicker, noisier look
#
# Five short rounds rather than two long ones: on a shared 2-core VM the throughput of one server
# drifts by ±10-15 % from one minute to the next, and a median of five interleaved measurements
# (each side going first in turn) is steadier than a mean of two, for 1.7 times the load time.
#
# 1. copies ../shared/bench to $BENCH_WORK (its node_modules and results stay out of both repos)
# 2. starts its throwaway PostgreSQL 15 cluster and an empty zoop_target database in it
# 3. builds and starts Zoop twice on that database (scheduler off in both), issues one key:
#    - default: as deployed, rate limits on (RATE_LIMIT_PER_MINUTE=1000000, a limit the load cannot
#      reach, so every call is counted) and LOG_LEVEL=info, its log lines written to a file
#    - lean: rate limits off (RATE_LIMIT_PER_MINUTE=0), LOG_LEVEL=warn
# 4. runs the bench: baseline vs default (seeds the same 100k-job tenant on both sides, interleaves)
# 5. lean vs default, interleaved the same way (load.mjs), printed as default ÷ lean ratios
# 6. customers.search, invoices.list and quotes.create on the default server (req/s, p99)
# 7. seeds 500 active series and times one scheduler pass that extends every window
# Results: $BENCH_WORK/results/<stamp>/summary.md, lean.md, tools.md, and the series figures on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC=${BENCH_SRC:-$ROOT/../shared/bench}
WORK=${BENCH_WORK:-/tmp/zoop-bench-work}
ZOOP_PORT=${ZOOP_PORT:-3300}
LEAN_PORT=${LEAN_PORT:-3301}
export ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-6} JOBS=${JOBS:-100000} SERIES=${SERIES:-500}
log() { echo "[bench] $*" >&2; }

[[ -f "$SRC/run.sh" ]] || { log "no bench at $SRC (set BENCH_SRC)"; exit 2; }
mkdir -p "$WORK"
(cd "$SRC" && tar --exclude=node_modules --exclude=results -cf - .) | (cd "$WORK" && tar -xf -)

DBURL=$(bash "$WORK/run.sh" prepare | sed -n 's/^DATABASE_URL=//p')
PGPORT=${PGPORT:-55434}
PG_PID=$(head -1 "${PGDIR:-/tmp/zoop-bench-pg}/data/postmaster.pid")
log "target database $DBURL"
psql "${DBURL%/*}/postgres" -qc "DROP DATABASE IF EXISTS zoop_target WITH (FORCE)" -c "CREATE DATABASE zoop_target"

cd "$ROOT"
npm run --silent build >&2
cli() { DATABASE_URL="$DBURL" node dist/cli.js "$@" --json; }
# both servers run as `npm start` runs them (its node flags), without npm in between, so that $! is
# the server's own pid
read -r -a START_FLAGS <<<"$(node scripts/bench/start-flags.mjs)"
log "server: node ${START_FLAGS[*]} dist/main.js"
json() { node -pe "JSON.parse(require('fs').readFileSync(0)).$1"; }
DATABASE_URL="$DBURL" PORT=$ZOOP_PORT RATE_LIMIT_PER_MINUTE=1000000 SCHEDULER_ENABLED=false LOG_LEVEL=info \
  node "${START_FLAGS[@]}" dist/main.js >"$WORK/zoop-default.log" 2>&1 &
ZOOP_PID=$!
trap 'kill $ZOOP_PID 2>/dev/null || true; kill -INT $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$ZOOP_PORT/healthz" && break; sleep 0.2; done
# started after the first one has migrated the database
DATABASE_URL="$DBURL" PORT=$LEAN_PORT RATE_LIMIT_PER_MINUTE=0 SCHEDULER_ENABLED=false LOG_LEVEL=warn \
  node "${START_FLAGS[@]}" dist/main.js >"$WORK/zoop-lean.log" 2>&1 &
LEAN_PID=$!
trap 'kill $ZOOP_PID $LEAN_PID 2>/dev/null || true; kill -INT $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$LEAN_PORT/healthz" && break; sleep 0.2; done
T=$(cli tenant:create --name Bench | json id)
U=$(cli user:create --tenant "$T" --email bench@example.com --role owner | json id)
TOKEN=$(cli key:issue --tenant "$T" --user "$U" --scopes all | json token)

# KEEP=1 keeps the cluster for the lean comparison, and with it the baseline server: stop that one here
# its stderr through a process substitution, not a pipe: the baseline server it leaves running keeps
# its copy of stderr open, so a `| tee` would wait for it forever
KEEP=1 TARGET_PID=$ZOOP_PID TARGET_DATABASE_URL="$DBURL" TARGET_TENANT_ID="$T" \
  bash "$WORK/run.sh" "http://127.0.0.1:$ZOOP_PORT" "$TOKEN" >&2 2> >(tee "$WORK/run.err" >&2)
for _ in $(seq 1 50); do grep -q 'left running' "$WORK/run.err" && break; sleep 0.1; done
BASELINE_PID=$(sed -n 's/.*(pid \([0-9]*\)) left running.*/\1/p' "$WORK/run.err" | tail -1)
trap 'kill $ZOOP_PID $LEAN_PID $BASELINE_PID 2>/dev/null || true; kill -INT $PG_PID 2>/dev/null || true' EXIT

OUT=$(ls -d "$WORK"/results/*/ | sort | tail -1)
log "lean vs default, $ROUNDS rounds"
(cd "$WORK" && node load.mjs --target "lean=http://127.0.0.1:$LEAN_PORT@$TOKEN" --pid "lean=$LEAN_PID" \
  --target "default=http://127.0.0.1:$ZOOP_PORT@$TOKEN" --pid "default=$ZOOP_PID" --pg-pid "$PG_PID" \
  --scenarios list_p1,list_deep,get,mixed,create --duration "$DURATION" --warmup "${WARMUP:-2}" \
  --connections "${CONNECTIONS:-16}" --rounds "$ROUNDS" --out "$OUT/lean.jsonl" >/dev/null)
node scripts/bench/ratios.mjs "$OUT/lean.jsonl" | tee "$OUT/lean.md"

log "customers.search, invoices.list, quotes.create on the default server"
cp scripts/bench/tools.mjs "$WORK/tools.mjs"
(cd "$WORK" && node tools.mjs --url "http://127.0.0.1:$ZOOP_PORT/api/mcp" --token "$TOKEN" --duration "$DURATION" \
  --warmup "${WARMUP:-2}" --connections "${CONNECTIONS:-16}" --rounds "$ROUNDS") | tee "$OUT/tools.md"

log "series: $SERIES active series, one scheduler pass"
DATABASE_URL="$DBURL" node scripts/bench/series.mjs --tenant "$T" --series "$SERIES" --url "http://127.0.0.1:$ZOOP_PORT/api/mcp" --token "$TOKEN"
