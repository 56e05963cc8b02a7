#!/usr/bin/env bash
# Two Zoop servers side by side on the bench's 100k-job database, interleaved with the bench's own
# load driver: b ÷ a for req/s and server CPU per request (medians), and each round's ratios.
#
#   A="RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warn" B="RATE_LIMIT_PER_MINUTE=1000000 LOG_LEVEL=info" \
#     bash scripts/bench/ab.sh
#
# Settings (environment):
#   A, B            each server's settings (default: the bench's lean and default configurations)
#   DIST_A, DIST_B  each server's build (default: ./dist, built first)
#   OUT_A, OUT_B    where each server's stdout goes (default: a file in $BENCH_WORK, as in the bench)
#   AGE=N           before measuring, N passes of every scenario (~70 s each) on server b alone, so
#                   that b has served a while (and written its log file) as the bench's default
#                   server has when its lean comparison starts
#   SCENARIOS (get), ROUNDS (5, at most 5), DURATION (6), CONNECTIONS (16)
# It starts the bench's PostgreSQL cluster as `npm run bench` does (PGPORT 55434, PGDIR
# /tmp/zoop-bench-pg, BENCH_WORK /tmp/zoop-bench-work) and seeds a zoop_ab database once (100k jobs);
# the cluster is left running for the next comparison (its stop command is printed on stderr).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC=${BENCH_SRC:-$ROOT/../shared/bench}
WORK=${BENCH_WORK:-/tmp/zoop-bench-work}
A=${A:-RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warn}
B=${B:-RATE_LIMIT_PER_MINUTE=1000000 LOG_LEVEL=info}
log() { echo "[ab] $*" >&2; }

mkdir -p "$WORK"
(cd "$SRC" && tar --exclude=node_modules --exclude=results -cf - .) | (cd "$WORK" && tar -xf -)
ADMIN=$(bash "$WORK/run.sh" prepare | sed -n 's/^DATABASE_URL=//p')
PGPORT=${PGPORT:-55434}
PG_PID=$(head -1 "${PGDIR:-/tmp/zoop-bench-pg}/data/postmaster.pid")
export DATABASE_URL="${ADMIN%/*}/zoop_ab" SCHEDULER_ENABLED=false
cd "$ROOT"
[[ -n "${DIST_A:-}" && -n "${DIST_B:-}" ]] || npm run --silent build >&2
DIST_A=${DIST_A:-dist} DIST_B=${DIST_B:-dist}
read -r -a START_FLAGS <<<"$(node scripts/bench/start-flags.mjs)"
json() { node -pe "JSON.parse(require('fs').readFileSync(0)).$1"; }

if [[ ! -f "$WORK/ab.env" ]] || ! psql "${ADMIN%/*}/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = 'zoop_ab'" | grep -q 1; then
  log "seeding zoop_ab (100k jobs)"
  psql "${ADMIN%/*}/postgres" -qc "DROP DATABASE IF EXISTS zoop_ab WITH (FORCE)" -c "CREATE DATABASE zoop_ab"
  # the CLI migrates the new database first
  T=$(node "$DIST_A/cli.js" tenant:create --name Bench --json | json id)
  U=$(node "$DIST_A/cli.js" user:create --tenant "$T" --email bench@example.com --role owner --json | json id)
  TOKEN=$(node "$DIST_A/cli.js" key:issue --tenant "$T" --user "$U" --scopes all --json | json token)
  (cd "$WORK" && node seed.mjs --tenant-id "$T" --reset --jobs "${JOBS:-100000}" >/dev/null)
  echo "TOKEN=$TOKEN" >"$WORK/ab.env"
fi
source "$WORK/ab.env"

# shellcheck disable=SC2086 # A and B are lists of settings
env PORT=3351 $A node "${START_FLAGS[@]}" "$DIST_A/main.js" >"${OUT_A:-$WORK/ab-a.log}" 2>&1 &
PA=$!
# shellcheck disable=SC2086
env PORT=3352 $B node "${START_FLAGS[@]}" "$DIST_B/main.js" >"${OUT_B:-$WORK/ab-b.log}" 2>&1 &
PB=$!
trap 'kill $PA $PB 2>/dev/null || true' EXIT
for p in 3351 3352; do for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break; sleep 0.3; done; done

cd "$WORK"
for _ in $(seq 1 "${AGE:-0}"); do
  node load.mjs --target "b=http://127.0.0.1:3352@$TOKEN" --scenarios list_p1,list_deep,get,mixed,create --duration 12 --warmup 1 \
    --connections 16 --rounds 1 >/dev/null 2>&1
done
rm -f ab.jsonl
node load.mjs --target "a=http://127.0.0.1:3351@$TOKEN" --pid "a=$PA" --target "b=http://127.0.0.1:3352@$TOKEN" --pid "b=$PB" \
  --pg-pid "$PG_PID" --scenarios "${SCENARIOS:-get}" --duration "${DURATION:-6}" --warmup 2 --connections "${CONNECTIONS:-16}" \
  --rounds "${ROUNDS:-5}" --out ab.jsonl >/dev/null
node "$ROOT/scripts/bench/ratios.mjs" ab.jsonl
# each round: b ÷ a, req/s and server CPU per request
node -e '
const ls = require("fs").readFileSync("ab.jsonl", "utf8").trim().split("\n").map(JSON.parse).filter((l) => l.type !== "ratio");
const by = {};
for (const l of ls) (by[l.scenario] ??= []).push(l);
for (const [s, m] of Object.entries(by)) {
  const r = [];
  for (let i = 0; i + 1 < m.length; i += 2) {
    const [a, b] = m[i].target === "a" ? [m[i], m[i + 1]] : [m[i + 1], m[i]];
    r.push(`${(b.rps / a.rps).toFixed(3)}/${(b.server_cpu_ms_per_req / a.server_cpu_ms_per_req).toFixed(2)}`);
  }
  console.log(`${s}, each round b ÷ a (req/s / server CPU): ${r.join(" ")}`);
}'
