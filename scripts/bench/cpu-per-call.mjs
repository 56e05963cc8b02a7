// Server CPU per tools/call: starts a built server (dist dir as argument, default ./dist), issues a
// key with the CLI of the same build, then makes N jobs.get calls over HTTP (C at a time) and reads
// the server process's user+system CPU time from /proc before and after.
//   DATABASE_URL=postgres://… node scripts/bench/cpu-per-call.mjs [dist] [N] [C]
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 20000);
const C = Number(process.argv[4] ?? 8);
const PORT = Number(process.env.CPU_PORT ?? 3417);
const env = { ...process.env, PORT: String(PORT), SCHEDULER_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
const cli = (...a) => JSON.parse(execFileSync('node', [`${dist}/cli.js`, ...a, '--json'], { env }).toString());
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString());
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICK; // utime + stime
};

const server = spawn('node', [`${dist}/main.js`], { env, stdio: 'ignore' });
try {
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 1200) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const tenant = cli('tenant:create', '--name', 'cpu');
  const user = cli('user:create', '--tenant', tenant.id, '--email', `cpu-${Date.now()}@example.com`);
  const { token } = cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'read:jobs,write:jobs');
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
  const job = await call('jobs.create', { title: 'cpu probe' });
  const run = async (n) => {
    let left = n;
    await Promise.all(Array.from({ length: C }, async () => {
      while (left-- > 0) await call('jobs.get', { id: job.id });
    }));
  };
  await run(2000); // warm-up
  const before = cpuMs(server.pid);
  const t0 = Date.now();
  await run(N);
  const used = cpuMs(server.pid) - before;
  console.log(JSON.stringify({ dist, calls: N, concurrency: C, server_cpu_us_per_call: Math.round((used * 1000) / N), wall_s: (Date.now() - t0) / 1000 }));
} finally {
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
}
