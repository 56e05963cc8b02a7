#!/usr/bin/env bash
# npm run test:citus — the whole e2e suite on a real Citus cluster (README "Scale-out on Citus"):
# builds Citus 13.2.2 for PostgreSQL 15 if needed (apt + make, root or sudo: CI only, never `npm test`),
# starts a coordinator and 2 workers on loopback, migrates through `zoop-admin migrate` (which
# distributes every tenant table), runs every spec with DATABASE_URL = the coordinator, checks that
# tenants' rows landed on both workers, and stops the cluster (also on failure).
#   CITUS_SHARED  folder with build.sh, cluster.sh and the Citus source (default ../shared/citus)
#   CITUS_PORT    coordinator port (default 56001; workers take the next ones)
#   CITUS_SHARD_COUNT  shards per distributed table (default here 8: 4 per worker, quick to create)
#   JEST_ARGS     passed to jest (e.g. a spec path to run only that one)
#   CITUS_JEST_LIMIT  seconds the jest run may take (default 2400; it takes 5-10 min): past it, what
#                 jest and the cluster are doing is printed and jest is stopped (the run fails)
set -euo pipefail
cd "$(dirname "$0")/../.."
# the kit beside the checkout, or beside the repository this one was cloned from (a CI clone in a temp folder)
kit() { for d in "$@"; do [ -x "$d/cluster.sh" ] && { (cd "$d" && pwd); return; }; done; }
ORIGIN=$(git remote get-url origin 2>/dev/null || true)
SHARED=${CITUS_SHARED:-$(kit ../shared/citus ${ORIGIN:+"$ORIGIN/../shared/citus"})}
[ -x "$SHARED/cluster.sh" ] || { echo "test:citus: no Citus kit (build.sh, cluster.sh) at '${SHARED}'; set CITUS_SHARED" >&2; exit 2; }
"$SHARED/build.sh"

OUT=$("$SHARED/cluster.sh" start 2)
eval "$(echo "$OUT" | grep -E '^(DATABASE_URL|CITUS_DIR)=')"
export DATABASE_URL
trap '"$SHARED/cluster.sh" stop "$CITUS_DIR"' EXIT
export CITUS_SHARD_COUNT=${CITUS_SHARD_COUNT:-8}
echo "test:citus: coordinator $DATABASE_URL, cluster in $CITUS_DIR"
psql "$DATABASE_URL" -qAtc "SELECT 'workers: ' || string_agg(nodename || ':' || nodeport, ', ') FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0"

# the tests' own checks read across tenants and join by id alone (test SQL, not Zoop's): let Citus
# run those joins by repartitioning. Zoop's statements join on tenant_id (test/distribution.e2e-spec.ts).
psql "$DATABASE_URL" -qAtc "ALTER DATABASE postgres SET citus.enable_repartition_joins = on"

node scripts/ensure-build.js
node dist/cli.js migrate
psql "$DATABASE_URL" -qAtc "SELECT 'distributed: ' || count(*) FILTER (WHERE partmethod = 'h') || ', reference: ' || count(*) FILTER (WHERE repmodel = 't') FROM pg_dist_partition"

# A suite that never gives the event loop back (a synchronous call that does not return) is beyond
# jest's own timeouts and would hold the run, and CI, with nothing said. The watchdog below prints
# where jest is (its JavaScript stack via a diagnostic report when it can run one, else the system
# call it is in), the process tree and the cluster's sessions, then stops it.
REPORTS=$(mktemp -d)
node --report-on-signal --report-signal=SIGUSR2 --report-directory="$REPORTS" node_modules/jest/bin/jest.js --runInBand ${JEST_ARGS:-} &
JEST_PID=$!
trap 'kill "$JEST_PID" 2>/dev/null || true; rm -rf "$REPORTS"; "$SHARED/cluster.sh" stop "$CITUS_DIR"' EXIT
LIMIT=${CITUS_JEST_LIMIT:-2400}
(
  set +e
  # checks once a second, so it ends within a second of jest
  for _ in $(seq 1 "$LIMIT"); do
    sleep 1
    kill -0 "$JEST_PID" 2>/dev/null || exit 0
  done
  {
    echo "test:citus: jest (pid $JEST_PID) still running after $LIMIT s; what it is doing:"
    echo "system call: $(cat "/proc/$JEST_PID/syscall" 2>/dev/null); wchan: $(cat "/proc/$JEST_PID/wchan" 2>/dev/null)"
    kill -USR2 "$JEST_PID" 2>/dev/null
    sleep 5
    for r in "$REPORTS"/*.json; do
      [ -f "$r" ] && node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const active = {};
        for (const h of r.libuv ?? []) if (h.is_active) active[h.type] = (active[h.type] ?? 0) + 1;
        console.log("JavaScript stack:", ...(r.javascriptStack.stack ?? ["(none: the event loop is idle, waiting)"]).map((l) => "\n  " + l));
        console.log("active libuv handles:", JSON.stringify(active));' "$r"
    done
    ps -N --ppid 2 -o pid,ppid,stat,etime,time,wchan:24,args --forest | cut -c1-240
    psql "$DATABASE_URL" -qAtc "SELECT pid, state, wait_event_type, wait_event, now() - query_start, left(query, 160) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
  } >&2
  kill -TERM "$JEST_PID" 2>/dev/null
  sleep 10
  kill -KILL "$JEST_PID" 2>/dev/null || true
) &
WATCHDOG=$!
JEST_RC=0
wait "$JEST_PID" || JEST_RC=$?
wait "$WATCHDOG" || true
[ "$JEST_RC" = 0 ] || exit "$JEST_RC"

# every worker holds some tenants' rows (the suite makes hundreds of tenants)
psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt <<'SQL'
CREATE TEMP TABLE landed AS
SELECT n.nodeport AS port, sum(r.result::bigint) AS customers
  FROM run_command_on_shards('customers', $$SELECT count(*) FROM %s$$) r
  JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 GROUP BY n.nodeport;
SELECT 'customers rows on worker ' || port || ': ' || customers FROM landed ORDER BY port;
DO $$ BEGIN
  IF (SELECT count(*) FROM landed WHERE customers > 0) < 2 THEN RAISE EXCEPTION 'tenants rows did not land on both workers'; END IF;
END $$;
SQL
echo "test:citus: passed"
