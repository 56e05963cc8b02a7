// Server CPU per tools/call: starts a built server (dist dir as argument, default ./dist), issues a
// key with the CLI of the same build, then makes N calls of one tool over HTTP (C at a time) and reads
// the server process's user+system CPU time from /proc before and after.
//   DATABASE_URL=postgres://… node scripts/bench/cpu-per-call.mjs [dist] [N] [C]
// Options (environment):
//   CPU_TOOL=get|create|deep   the call, as /work/shared/bench/load.mjs makes it (default get):
//                              get = jobs.get over ~320 seeded ids, create = jobs.create (customer,
//                              1–2 assignees, 3 line items), deep = jobs.list {status, from, to, page 250},
//                              ping = MCP ping (the HTTP, auth and JSON-RPC layers without a tool or SQL)
//   CPU_CONFIG=lean|deployed   lean (default): RATE_LIMIT_PER_MINUTE=0, LOG_LEVEL=warn; deployed: as
//                              scripts/bench/run.sh's default server, rate limits on at 1000000/min and
//                              LOG_LEVEL=info written to a file (CPU_LOG, default /tmp/cpu-per-call-<port>.log);
//                              log-only / limits-only: lean with one of the two
//   CPU_SEED=20000             jobs seeded into the run's tenant with SQL (each with 2 line items, 1 assignee)
//   CPU_PROF=<dir>             run the server under node --cpu-prof, profiles written into <dir>
//   CPU_CALLGRIND=<file>       run the server under valgrind's callgrind, counting only the measured
//                              calls (instrumentation is switched on after the warm-up): prints
//                              instructions_per_call, which, unlike CPU time, repeats from run to run
//                              on a busy machine (valgrind is ~50x slower: use N of 1000-3000). Under
//                              valgrind V8's optimising compiler lags behind: warm up longer (CPU_WARMUP=6000)
//                              and read the compiler's share (v8::internal::compiler::*) off the file with
//                              callgrind_annotate; it swings by ±50k instructions per call between runs
//   CPU_WARMUP=2000            calls before the measured ones
//   CPU_NODE_FLAGS="…"         more flags for the server's node, after those of `npm start` (e.g. --trace-gc-nvp,
//                              or --allocation-site-pretenuring to measure without the start script's
//                              --no-allocation-site-pretenuring: for V8's flags the last one wins)
// Also prints server_sys_us_per_call (the server's CPU in the kernel) and pg_cpu_us_per_call: the CPU
// of the PostgreSQL backends serving this database (the server's pool), read from /proc as well, so it
// is the database's work per call.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFlags } from './start-flags.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 20000);
const C = Number(process.argv[4] ?? 8);
const PORT = Number(process.env.CPU_PORT ?? 3417);
const TOOL = process.env.CPU_TOOL ?? 'get';
const CONFIG = process.env.CPU_CONFIG ?? 'lean';
const SEED = Number(process.env.CPU_SEED ?? 20000);
if (!['get', 'create', 'deep', 'ping'].includes(TOOL)) throw new Error(`CPU_TOOL ${TOOL}: get, create, deep or ping`);
// log-only and limits-only: one half of what deployed adds to lean, to tell which costs what
const CONFIGS = {
  lean: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
  deployed: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'info' },
  'log-only': { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'info' },
  'limits-only': { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
};
const configEnv = CONFIGS[CONFIG];
if (!configEnv) throw new Error(`CPU_CONFIG ${CONFIG}: ${Object.keys(CONFIGS).join(', ')}`);
// no drain window on SIGINT: the measurement is over by then
const env = { ...process.env, PORT: String(PORT), SCHEDULER_ENABLED: 'false', SHUTDOWN_DRAIN_MS: '0', ...configEnv };
const cli = (...a) => JSON.parse(execFileSync('node', [`${dist}/cli.js`, ...a, '--json'], { env }).toString());
const psql = (sql) => execFileSync('psql', [process.env.DATABASE_URL, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql]).toString().trim();
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const ticksOf = (pid, which = 'both') => {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    // utime + stime, or one of them
    return which === 'sys' ? Number(f[12]) : which === 'user' ? Number(f[11]) : Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
const cpuMs = (pid) => (ticksOf(pid) * 1000) / TICK;
// the backends of this database (the server's pool), but not psql's own
const backends = () => psql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).split('\n').filter(Boolean).map(Number);
const pgMs = (pids) => (pids.reduce((s, p) => s + ticksOf(p), 0) * 1000) / TICK;

const args = CPU_PROF_ARGS();
function CPU_PROF_ARGS() {
  // node's flags as `npm start` passes them, then the measurement's own
  return [
    ...startFlags(),
    ...(process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF}`] : []),
    ...(process.env.CPU_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
}
// the server's output goes to a file when it logs each call, or when CPU_LOG names one (e.g. for --trace-gc)
const toFile = configEnv.LOG_LEVEL === 'info' || process.env.CPU_LOG;
const stdio = toFile ? ['ignore', openSync(process.env.CPU_LOG ?? `/tmp/cpu-per-call-${PORT}.log`, 'w'), 'inherit'] : 'ignore';
if (toFile) stdio[2] = stdio[1];
const CALLGRIND = process.env.CPU_CALLGRIND;
const server = CALLGRIND
  ? spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${resolve(CALLGRIND)}`, 'node', ...args, `${dist}/main.js`], {
      env,
      stdio,
    })
  : spawn('node', [...args, `${dist}/main.js`], { env, stdio });
const callgrind = (...a) => execFileSync('callgrind_control', [...a, String(server.pid)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
try {
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > (CALLGRIND ? 6000 : 1200)) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const tenant = cli('tenant:create', '--name', 'cpu');
  const stamp = Date.now();
  const user = cli('user:create', '--tenant', tenant.id, '--email', `cpu-${stamp}@example.com`, '--role', 'owner');
  const user2 = cli('user:create', '--tenant', tenant.id, '--email', `cpu2-${stamp}@example.com`);
  const { token } = cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'all');
  let id = 0;
  const rpc = async (method, params) => {
    const res = await fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = await res.json();
    if (body.error) throw new Error(JSON.stringify(body.error));
    return body.result;
  };
  const call = async (name, a) => (await rpc('tools/call', { name, arguments: a })).structuredContent;
  const customers = [];
  for (let i = 0; i < 8; i++) customers.push((await call('customers.create', { display_name: `Customer ${i}` })).id);
  // the seed: jobs from 2026-01-01 every 40 minutes, 3 in 4 scheduled, each with 2 line items and 1 assignee
  psql(`
    INSERT INTO jobs (tenant_id, customer_id, title, description, status, scheduled_start, scheduled_end, created_by)
    SELECT '${tenant.id}', (ARRAY['${customers.join("','")}']::uuid[])[1 + g % 8], 'Seed job ' || g, 'Seeded by cpu-per-call.',
           CASE WHEN g % 4 = 0 THEN 'done' ELSE 'scheduled' END,
           timestamptz '2026-01-01T08:00:00Z' + g * interval '40 minutes', timestamptz '2026-01-01T10:00:00Z' + g * interval '40 minutes', '${user.id}'
      FROM generate_series(1, ${SEED}) g;
    INSERT INTO job_line_items (tenant_id, job_id, description, unit_price, quantity, sort_order)
    SELECT j.tenant_id, j.id, d.description, d.price, 1, d.ord FROM jobs j, (VALUES ('Labor', 95, 0), ('Parts', 42.5, 1)) d(description, price, ord)
     WHERE j.tenant_id = '${tenant.id}';
    INSERT INTO job_assignments (tenant_id, job_id, user_id, assigned_by) SELECT tenant_id, id, '${user2.id}', '${user.id}' FROM jobs WHERE tenant_id = '${tenant.id}';
`);
  psql('VACUUM (ANALYZE) jobs, job_line_items, job_assignments'); // index-only scans as on a settled database
  const jobIds = psql(`SELECT id FROM jobs WHERE tenant_id = '${tenant.id}' ORDER BY random() LIMIT 320`).split('\n');
  const users = [user.id, user2.id];
  let n = 0;
  const pick = (a) => a[Math.floor(Math.random() * a.length)];
  const deepFilter = { status: 'scheduled', from: '2026-01-01T00:00:00Z', to: '2027-12-31T23:59:59Z' };
  const deepPage = Math.min(250, Math.ceil((await call('jobs.list', deepFilter)).count / 20));
  const one = {
    get: () => call('jobs.get', { id: pick(jobIds) }),
    ping: () => rpc('ping'),
    deep: () => call('jobs.list', { ...deepFilter, page: deepPage }),
    create: () => {
      const start = Date.parse('2031-01-01T00:00:00Z') + Math.floor(Math.random() * 365 * 24 * 4) * 15 * 60e3;
      return call('jobs.create', {
        title: `Bench job ${++n}`,
        customer_id: pick(customers),
        description: 'Created by the Zoop bench load driver.',
        scheduled_start: new Date(start).toISOString(),
        scheduled_end: new Date(start + 2 * 3600e3).toISOString(),
        assigned_user_ids: Math.random() < 0.5 ? [pick(users)] : users,
        line_items: [
          { description: 'Labor (per hour)', unit_price: 95, quantity: 2 },
          { description: 'Parts and materials', unit_price: 42.5, quantity: 1 },
          { description: 'Trip charge', unit_price: 35, quantity: 1 },
        ],
      });
    },
  }[TOOL];
  const run = async (count) => {
    let left = count;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (left-- > 0) await one();
      }),
    );
  };
  await run(Number(process.env.CPU_WARMUP ?? 2000)); // warm-up (and the pool's connections are open)
  const pids = backends();
  if (CALLGRIND) (callgrind('-z'), callgrind('-i', 'on'));
  const before = cpuMs(server.pid);
  const sysBefore = ticksOf(server.pid, 'sys');
  const pgBefore = pgMs(pids);
  const t0 = Date.now();
  await run(N);
  const used = cpuMs(server.pid) - before;
  const sysUsed = ((ticksOf(server.pid, 'sys') - sysBefore) * 1000) / TICK;
  const pgUsed = pgMs(pids) - pgBefore;
  let instructions;
  if (CALLGRIND) {
    // the counters of the measured calls only (read before instrumentation is switched off, which hides them): Ir summed over every thread of the server
    instructions = callgrind('-e', 'Ir')
      .split('\n')
      .map((l) => /^\s*Th \d+\s+([\d,]+)\s*$/.exec(l)?.[1])
      .filter(Boolean)
      .reduce((s, v) => s + Number(v.replace(/,/g, '')), 0);
    callgrind('-i', 'off');
  }
  console.log(
    JSON.stringify({
      dist,
      tool: TOOL,
      config: CONFIG,
      calls: N,
      concurrency: C,
      server_cpu_us_per_call: Math.round((used * 1000) / N),
      // of which in the kernel (system time): socket and log writes
      server_sys_us_per_call: Math.round((sysUsed * 1000) / N),
      pg_cpu_us_per_call: Math.round((pgUsed * 1000) / N),
      wall_s: (Date.now() - t0) / 1000,
      ...(CALLGRIND ? { instructions_per_call: Math.round(instructions / N) } : {}),
    }),
  );
} finally {
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
}
