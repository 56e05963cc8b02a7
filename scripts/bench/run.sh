#!/usr/bin/env bash
# npm run bench: Zoop side by side with the physical-limit baseline (../shared/bench), on this machine.
#
#   npm run bench                    # ROUNDS=2, 100k jobs, then the series-window timing
#   ROUNDS=1 DURATION=5 npm run bench   # a quicker, noisier look
#
# 1. copies ../shared/bench to $BENCH_WORK (its node_modules and results stay out of both repos)
# 2. starts its throwaway PostgreSQL 15 cluster and an empty zoop_target database in it
# 3. builds and starts Zoop on that database (rate limits off, scheduler off), issues a key
# 4. runs the bench (seeds the same 100k-job tenant on both sides, interleaves the load scenarios)
# 5. seeds 500 active series and times one scheduler pass that extends every window
# Results: $BENCH_WORK/results/<stamp>/summary.md, and the series figures on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC=${BENCH_SRC:-$ROOT/../shared/bench}
WORK=${BENCH_WORK:-/tmp/zoop-bench-work}
ZOOP_PORT=${ZOOP_PORT:-3300}
export ROUNDS=${ROUNDS:-2} JOBS=${JOBS:-100000} SERIES=${SERIES:-500}
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
json() { node -pe "JSON.parse(require('fs').readFileSync(0)).$1"; }
DATABASE_URL="$DBURL" PORT=$ZOOP_PORT RATE_LIMIT_PER_MINUTE=0 SCHEDULER_ENABLED=false LOG_LEVEL=warn \
  node dist/main.js >"$WORK/zoop.log" 2>&1 &
ZOOP_PID=$!
trap 'kill $ZOOP_PID 2>/dev/null || true; kill -INT $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$ZOOP_PORT/api/mcp" && break; sleep 0.2; done
T=$(cli tenant:create --name Bench | json id)
U=$(cli user:create --tenant "$T" --email bench@example.com --role owner | json id)
TOKEN=$(cli key:issue --tenant "$T" --user "$U" --scopes all | json token)

KEEP=1 TARGET_PID=$ZOOP_PID TARGET_DATABASE_URL="$DBURL" TARGET_TENANT_ID="$T" \
  bash "$WORK/run.sh" "http://127.0.0.1:$ZOOP_PORT" "$TOKEN"

log "series: $SERIES active series, one scheduler pass"
DATABASE_URL="$DBURL" node scripts/bench/series.mjs --tenant "$T" --series "$SERIES" --url "http://127.0.0.1:$ZOOP_PORT/api/mcp" --token "$TOKEN"
