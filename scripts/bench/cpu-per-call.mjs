// Server CPU per tools/call: starts a built server (dist dir as argument, default ./dist), issues a
// key with the CLI of the same build, then makes N calls of one tool over HTTP (C at a time) and
// reads the server process's user+system CPU time from /proc before and after.
//   DATABASE_URL=postgres://… node scripts/bench/cpu-per-call.mjs [dist] [N] [C]
// Environment:
//   CPU_CONFIG=lean      rate limits off (RATE_LIMIT_PER_MINUTE=0), LOG_LEVEL=warn (the default here)
//   CPU_CONFIG=deployed  as `npm run bench` runs its default server: rate limits on at a limit the load
//                        cannot reach (RATE_LIMIT_PER_MINUTE=1000000), LOG_LEVEL=info, its log written to a file
//   CPU_TOOL=get|create|list_deep   jobs.get (default); jobs.create with a customer, 3 line items and an
//                        assignee (as the bench's create); jobs.list's filtered deep page (status,
//                        from/to), on CPU_SEED jobs (default 2000) created first
//   CPU_PROF=<dir>       run the server under `node --cpu-prof` (profile written there on exit)
//   CPU_PORT             the server's port (default 3417)
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 20000);
const C = Number(process.argv[4] ?? 8);
const PORT = Number(process.env.CPU_PORT ?? 3417);
const CONFIG = process.env.CPU_CONFIG ?? 'lean';
const TOOL = process.env.CPU_TOOL ?? 'get';
const SEED = Number(process.env.CPU_SEED ?? 2000);
const CONFIGS = {
  lean: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
  deployed: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'info' },
};
if (!CONFIGS[CONFIG]) throw new Error(`CPU_CONFIG must be one of ${Object.keys(CONFIGS)}`);
if (!['get', 'create', 'list_deep'].includes(TOOL)) throw new Error('CPU_TOOL must be get, create or list_deep');
// no drain window on SIGINT: the measurement is over by then
const env = { ...process.env, PORT: String(PORT), SCHEDULER_ENABLED: 'false', SHUTDOWN_DRAIN_MS: '0', ...CONFIGS[CONFIG] };
const cli = (...a) => JSON.parse(execFileSync('node', [`${dist}/cli.js`, ...a, '--json'], { env }).toString());
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICK; // utime + stime
};

// the deployed server's log lines go to a file, as scripts/bench/run.sh writes them
const logFile = join(tmpdir(), `zoop-cpu-${PORT}.log`);
const out = CONFIG === 'deployed' ? openSync(logFile, 'w') : 'ignore';
const nodeArgs = process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF}`] : [];
const server = spawn('node', [...nodeArgs, `${dist}/main.js`], { env, stdio: ['ignore', out, out] });
try {
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 1200) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const tenant = cli('tenant:create', '--name', 'cpu');
  const user = cli('user:create', '--tenant', tenant.id, '--email', `cpu-${Date.now()}@example.com`, '--role', 'owner');
  const { token } = cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'read:jobs,write:jobs,write:customers');
  let id = 0;
  const call = async (name, args) => {
    const res = await fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }),
    });
    const body = await res.json();
    if (body.error) throw new Error(JSON.stringify(body.error));
    return body.result.structuredContent;
  };
  const customer = await call('customers.create', { display_name: 'CPU probe customer' });
  let n = 0;
  const createArgs = () => {
    const start = Date.parse(TOOL === 'list_deep' ? '2026-06-01T00:00:00Z' : '2031-01-01T00:00:00Z') + (n++ % 20000) * 15 * 60e3;
    return {
      title: `CPU job ${n}`,
      customer_id: customer.id,
      description: 'Created by the CPU-per-call probe.',
      scheduled_start: new Date(start).toISOString(),
      scheduled_end: new Date(start + 2 * 3600e3).toISOString(),
      assigned_user_ids: [user.id],
      line_items: [
        { description: 'Labor (per hour)', unit_price: 95, quantity: 2 },
        { description: 'Parts and materials', unit_price: 42.5, quantity: 1 },
        { description: 'Trip charge', unit_price: 35, quantity: 1 },
      ],
    };
  };
  const job = await call('jobs.create', createArgs());
  const deep = { status: 'scheduled', from: '2026-01-01T00:00:00Z', to: '2027-12-31T23:59:59Z' };
  let deepPage = 1;
  if (TOOL === 'list_deep') {
    for (let i = 1; i < SEED; i++) await call('jobs.create', createArgs());
    deepPage = Math.max(1, Math.ceil((await call('jobs.list', deep)).count / 20));
  }
  const one = { get: () => call('jobs.get', { id: job.id }), create: () => call('jobs.create', createArgs()), list_deep: () => call('jobs.list', { ...deep, page: deepPage }) }[TOOL];
  const run = async (count) => {
    let left = count;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (left-- > 0) await one();
      }),
    );
  };
  await run(2000); // warm-up
  const before = cpuMs(server.pid);
  const t0 = Date.now();
  await run(N);
  const used = cpuMs(server.pid) - before;
  console.log(JSON.stringify({ dist, config: CONFIG, tool: TOOL, calls: N, concurrency: C, server_cpu_us_per_call: Math.round((used * 1000) / N), wall_s: (Date.now() - t0) / 1000 }));
} finally {
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  if (typeof out === 'number') closeSync(out);
}
