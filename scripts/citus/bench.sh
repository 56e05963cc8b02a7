#!/usr/bin/env bash
# Zoop on a 2-worker Citus cluster beside Zoop on one PostgreSQL, same machine, same load, one after
# the other (README "Scale-out on Citus"). Builds Citus if needed (apt: root), like test:citus.
#   bash scripts/citus/bench.sh          # CALLS=400 per tool, CONNECTIONS=8
# PLAIN_URL: the single PostgreSQL to compare with (default: a fresh zoop_bench_plain on 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${CITUS_SHARED:-$(cd ../shared/citus 2>/dev/null && pwd || true)}
CALLS=${CALLS:-400} CONNECTIONS=${CONNECTIONS:-8} PORT=${BENCH_PORT:-3400}
"$SHARED/build.sh" >&2
node scripts/ensure-build.js >&2
if [ -z "${PLAIN_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS zoop_bench_plain WITH (FORCE)" -c "CREATE DATABASE zoop_bench_plain" postgres
  PLAIN_URL=postgres://postgres@127.0.0.1:5432/zoop_bench_plain
fi
OUT=$("$SHARED/cluster.sh" start 2)
eval "$(echo "$OUT" | grep -E '^(DATABASE_URL|CITUS_DIR)=')"
CITUS_URL=$DATABASE_URL
ZPID=
trap 'if [ -n "$ZPID" ]; then kill $ZPID 2>/dev/null || true; fi; "$SHARED/cluster.sh" stop "$CITUS_DIR"' EXIT
export CITUS_SHARD_COUNT=${CITUS_SHARD_COUNT:-32}

run() { # name url
  DATABASE_URL="$2" node dist/cli.js migrate --json >/dev/null
  local tenant user token
  tenant=$(DATABASE_URL="$2" node dist/cli.js tenant:create --name bench --json | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
  user=$(DATABASE_URL="$2" node dist/cli.js user:create --tenant "$tenant" --email "bench@example.com" --role owner --json | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
  token=$(DATABASE_URL="$2" node dist/cli.js key:issue --tenant "$tenant" --user "$user" --scopes all --json | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  # as `npm start` runs it (its node flags), without npm in between, so that $! is the server's pid
  DATABASE_URL="$2" PORT=$PORT RATE_LIMIT_PER_MINUTE=0 SCHEDULER_ENABLED=false LOG_LEVEL=warn node $(node scripts/bench/start-flags.mjs) dist/main.js >"/tmp/zoop-citus-bench-${1%% *}.log" 2>&1 &
  ZPID=$!
  for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "bench: Zoop did not start on $2" >&2; exit 1; }
  echo "### $1 ($CALLS calls per tool, $CONNECTIONS in flight)"
  node scripts/citus/bench.mjs --url "http://127.0.0.1:$PORT/api/mcp" --token "$token" --calls "$CALLS" --connections "$CONNECTIONS"
  kill $ZPID; wait $ZPID 2>/dev/null || true; ZPID=
}
run "one PostgreSQL 15" "$PLAIN_URL"
run "Citus 13.2.2: coordinator + 2 workers, $CITUS_SHARD_COUNT shards" "$CITUS_URL"
