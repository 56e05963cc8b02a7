// The framework's CPU per tools/call, in-process: everything from the HTTP request to the tool's
// method and back (fastify hooks, CORS, body parser, Nest router and guards, passport, rate limit,
// the tool's Nest pipeline, argument validation, the JSON-RPC reply, metrics and the per-call log
// line), with jobs.get's method replaced by one that answers a fixed, real result. No socket and no
// SQL, so a few µs show through the noise of a shared machine that whole-server figures
// (cpu-per-call.mjs) cannot resolve. Requests go through fastify's inject (light-my-request).
//   DATABASE_URL=postgres://… CPU_CONFIG=deployed|lean node scripts/bench/framework-cpu.mjs [dist] [N] [rounds] >/tmp/zoop-framework.log
// deployed: rate limits on (RATE_LIMIT_PER_MINUTE=1000000) and LOG_LEVEL=info, the app's own log
// destination (stdout: redirect it to a file, as `npm run bench` does); lean: rate limits off,
// LOG_LEVEL=warn. The result is printed on stderr.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(import.meta.url);
const dist = resolve(process.argv[2] ?? 'dist');
const N = Number(process.argv[3] ?? 20000);
const ROUNDS = Number(process.argv[4] ?? 5);
const CONFIG = process.env.CPU_CONFIG ?? 'deployed';
const settings = CONFIG === 'deployed' ? { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'info' } : { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
const env = { ...process.env, SCHEDULER_ENABLED: 'false', ...settings };
const cli = (...a) => JSON.parse(execFileSync('node', [`${dist}/cli.js`, ...a, '--json'], { env }).toString());
const { createApp } = require(`${dist}/src/app.setup.js`);
const { loadConfig } = require(`${dist}/src/config/config.js`);
const { ToolRegistry } = require(`${dist}/src/mcp/tool-registry.js`);

const tenant = cli('tenant:create', '--name', 'framework-cpu');
const user = cli('user:create', '--tenant', tenant.id, '--email', `fcpu-${Date.now()}@example.com`, '--role', 'owner');
const { token } = cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'read:jobs,write:jobs');
const config = loadConfig(env);
const app = await createApp(config, { url: config.databaseUrl });
await app.init();
const fastify = app.getHttpAdapter().getInstance();
await fastify.ready();
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
let rpcId = 0;
const call = async (name, args) => {
  const res = await fastify.inject({ method: 'POST', url: '/api/mcp', headers, payload: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tools/call', params: { name, arguments: args } }) });
  const body = res.json();
  if (res.statusCode !== 200 || body.error) throw new Error(res.body);
  return body;
};
const job = (await call('jobs.create', { title: 'framework probe' })).result.structuredContent;
// jobs.get's method answers its real result for this job without asking PostgreSQL
const tool = app.get(ToolRegistry).get('jobs.get');
const real = tool.call;
const { RawJson } = require(`${dist}/src/mcp/raw-json.js`);
const fixed = await real({ id: job.id }, { tenantId: tenant.id, em: app.get(require(require.resolve('typeorm', { paths: [dist] })).DataSource).manager });
tool.call = async () => (fixed instanceof RawJson ? fixed : new RawJson(JSON.stringify(fixed)));
const args = { id: job.id };
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < 2000; i++) await call('jobs.get', args);
  const t = process.cpuUsage();
  for (let i = 0; i < N; i++) await call('jobs.get', args);
  const u = process.cpuUsage(t);
  rounds.push((u.user + u.system) / N);
}
const median = [...rounds].sort((x, y) => x - y)[Math.floor(rounds.length / 2)];
console.error(JSON.stringify({ dist, config: CONFIG, calls: N, rounds: rounds.map((x) => +x.toFixed(1)), framework_cpu_us_per_call: +median.toFixed(1) }));
await app.close();
process.exit(0);
