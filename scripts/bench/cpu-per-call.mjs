// Server CPU per tools/call: starts a built server (dist dir as argument, default ./dist), issues a
// key with the CLI of the same build, then makes N calls of one tool over HTTP (C at a time) and reads
// the server process's user+system CPU time from /proc before and after.
//   DATABASE_URL=postgres://… node scripts/bench/cpu-per-call.mjs [dist] [N] [C]
// Options (environment):
//   CPU_TOOL=get|create|deep   the call, as /work/shared/bench/load.mjs makes it (default get):
//                              get = jobs.get over ~320 seeded ids, create = jobs.create (customer,
//                              1–2 assignees, 3 line items), deep = jobs.list {status, from, to, page 250}
//   CPU_CONFIG=lean|deployed   lean (default): RATE_LIMIT_PER_MINUTE=0, LOG_LEVEL=warn; deployed: as
//                              scripts/bench/run.sh's default server, rate limits on at 1000000/min and
//                              LOG_LEVEL=info written to a file (CPU_LOG, default /tmp/cpu-per-call-<port>.log)
//   CPU_SEED=20000             jobs seeded into the run's tenant with SQL (each with 2 line items, 1 assignee)
//   CPU_PROF=<dir>             run the server under node --cpu-prof, profiles written into <dir>
// Also prints pg_cpu_us_per_call: the CPU of the PostgreSQL backends serving this database (the
// server's pool), read from /proc as well, so it is the database's work per call.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, openSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 20000);
const C = Number(process.argv[4] ?? 8);
const PORT = Number(process.env.CPU_PORT ?? 3417);
const TOOL = process.env.CPU_TOOL ?? 'get';
const CONFIG = process.env.CPU_CONFIG ?? 'lean';
const SEED = Number(process.env.CPU_SEED ?? 20000);
if (!['get', 'create', 'deep'].includes(TOOL)) throw new Error(`CPU_TOOL ${TOOL}: get, create or deep`);
if (!['lean', 'deployed'].includes(CONFIG)) throw new Error(`CPU_CONFIG ${CONFIG}: lean or deployed`);
const configEnv = CONFIG === 'lean' ? { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' } : { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'info' };
// no drain window on SIGINT: the measurement is over by then
const env = { ...process.env, PORT: String(PORT), SCHEDULER_ENABLED: 'false', SHUTDOWN_DRAIN_MS: '0', ...configEnv };
const cli = (...a) => JSON.parse(execFileSync('node', [`${dist}/cli.js`, ...a, '--json'], { env }).toString());
const psql = (sql) => execFileSync('psql', [process.env.DATABASE_URL, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql]).toString().trim();
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const ticksOf = (pid) => {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
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
  return process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF}`] : [];
}
const stdio = CONFIG === 'deployed' ? ['ignore', openSync(process.env.CPU_LOG ?? `/tmp/cpu-per-call-${PORT}.log`, 'w'), 'inherit'] : 'ignore';
if (CONFIG === 'deployed') stdio[2] = stdio[1];
const server = spawn('node', [...args, `${dist}/main.js`], { env, stdio });
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
    if (i > 1200) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const tenant = cli('tenant:create', '--name', 'cpu');
  const stamp = Date.now();
  const user = cli('user:create', '--tenant', tenant.id, '--email', `cpu-${stamp}@example.com`, '--role', 'owner');
  const user2 = cli('user:create', '--tenant', tenant.id, '--email', `cpu2-${stamp}@example.com`);
  const { token } = cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'all');
  let id = 0;
  const call = async (name, a) => {
    const res = await fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: a } }),
    });
    const body = await res.json();
    if (body.error) throw new Error(JSON.stringify(body.error));
    return body.result.structuredContent;
  };
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
  await run(2000); // warm-up (and the pool's connections are open)
  const pids = backends();
  const before = cpuMs(server.pid);
  const pgBefore = pgMs(pids);
  const t0 = Date.now();
  await run(N);
  const used = cpuMs(server.pid) - before;
  const pgUsed = pgMs(pids) - pgBefore;
  console.log(
    JSON.stringify({
      dist,
      tool: TOOL,
      config: CONFIG,
      calls: N,
      concurrency: C,
      server_cpu_us_per_call: Math.round((used * 1000) / N),
      pg_cpu_us_per_call: Math.round((pgUsed * 1000) / N),
      wall_s: (Date.now() - t0) / 1000,
    }),
  );
} finally {
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
}
