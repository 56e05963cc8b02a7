// The rate-limit guard's CPU per call, in-process (deployed setting: rate limits on): RateLimitGuard's
// static plan against ThrottlerGuard's general path (the guard before it had one: six metadata
// reads and five awaits per call), on the same app and counters, interleaved; medians of the rounds.
//   DATABASE_URL=postgres://… node scripts/bench/rate-limit-guard-cpu.mjs [N]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(import.meta.url);
const dist = resolve('dist/src');
const { createApp } = require(`${dist}/app.setup.js`);
const { loadConfig } = require(`${dist}/config/config.js`);
const { RateLimitGuard } = require(`${dist}/ops/rate-limit/rate-limit.guard.js`);
const { McpController } = require(`${dist}/mcp/mcp.controller.js`);
const { ThrottlerGuard } = require(require.resolve('@nestjs/throttler', { paths: [dist] }));
const { ExecutionContextHost } = require(require.resolve('@nestjs/core/helpers/execution-context-host', { paths: [dist] }));

const N = Number(process.argv[2] ?? 100000);
const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000' });
const app = await createApp(config, { url: config.databaseUrl }, { logger: ['error'] });
await app.init();
const guard = app.get(RateLimitGuard);
// a credential of its own for every round, so no round reaches the limit
let user;
const ctx = () => new ExecutionContextHost([{ user, headers: {} }, { header() {} }], McpController, McpController.prototype.post);
const variants = {
  'ThrottlerGuard general path (before)': () => ThrottlerGuard.prototype.canActivate.call(guard, ctx()),
  'RateLimitGuard static plan (after)': () => guard.canActivate(ctx()),
};
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < 7; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    user = { tenantId: 't', actor: { kind: 'user', userId: 'u' }, scopes: new Set(), via: 'api_key', credentialId: `k${round}${name}` };
    for (let i = 0; i < 2000; i++) await fn();
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++) await fn();
    const u = process.cpuUsage(t);
    results[name].push((u.user + u.system) / N);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(40)} ${median(r).toFixed(2)} µs/call (rounds: ${r.map((x) => x.toFixed(2)).join(' ')})`);
await app.close();
process.exit(0);
