// The per-call CPU of what issue 16 put on every tools/call path, measured in-process (a loaded,
// shared machine makes whole-server figures too noisy for a few µs): bearer authentication through
// passport (BearerAuthGuard → passport → BearerStrategy → TokenVerifier) against the former
// hand-written guard (regex + TokenVerifier), and a tool's Nest pipeline (ExternalContextCreator:
// ScopesGuard, UserActorGuard) against the former inline checks. TokenVerifier answers from a stub
// in both, so only the plumbing is timed. Variants are interleaved; the median of the rounds is shown.
//   DATABASE_URL=postgres://… node scripts/bench/auth-pipeline-cpu.mjs [N]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(import.meta.url);
const dist = resolve('dist/src');
const { createApp } = require(`${dist}/app.setup.js`);
const { loadConfig } = require(`${dist}/config/config.js`);
const { BearerAuthGuard } = require(`${dist}/auth/bearer-auth.guard.js`);
const { TokenVerifier } = require(`${dist}/auth/token-verifier.js`);
const { ToolRegistry } = require(`${dist}/mcp/tool-registry.js`);
const { FULL_VIEW, outsideView } = require(`${dist}/mcp/toolsets.js`);
const { ExecutionContextHost } = require('@nestjs/core/helpers/execution-context-host');

const N = Number(process.argv[2] ?? 100000);
const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error' });
const app = await createApp(config, { url: config.databaseUrl }, { logger: ['error'] });
await app.init();
const principal = { tenantId: '00000000-0000-0000-0000-000000000001', actor: { kind: 'user', userId: 'u' }, scopes: new Set(['read:jobs', 'write:jobs']), via: 'api_key', credentialId: 'k' };
const verifier = app.get(TokenVerifier);
verifier.validate = async () => principal;
const guard = app.get(BearerAuthGuard);
const tool = app.get(ToolRegistry).get('jobs.get');
const headers = { authorization: 'Bearer zoop_uk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG' };

const BEARER = /^Bearer ([^ ]+)$/i;
const variants = {
  // before: the hand-written guard of a945523
  'auth: regex guard (before)': async () => {
    const req = { headers };
    const token = BEARER.exec(req.headers.authorization)?.[1];
    const p = await verifier.validate(token);
    if (!p) throw new Error('no');
    req.user = p;
  },
  'auth: passport guard (after)': async () => {
    const req = { headers, body: {}, query: {} };
    await guard.canActivate(new ExecutionContextHost([req, {}]));
    if (!req.user) throw new Error('no');
  },
  // before: the controller's scope check and the gateway's view and actor checks, inline
  'tool: inline checks (before)': async () => {
    if (!principal.scopes.has(tool.meta.scope)) throw new Error('scope');
    if (outsideView(tool, FULL_VIEW)) throw new Error('view');
    if (tool.meta.userActor && principal.actor.kind !== 'user') throw new Error('actor');
    await (async () => 1)();
  },
  'tool: Nest pipeline with guards (after)': async () => {
    await tool.run({ id: 'x' }, { principal, requestId: 'r', tool, view: FULL_VIEW }, async () => 1);
  },
};
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < 7; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    for (let i = 0; i < 2000; i++) await fn();
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++) await fn();
    const u = process.cpuUsage(t);
    results[name].push(((u.user + u.system) / N));
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(42)} ${median(r).toFixed(2)} µs/call (rounds: ${r.map((x) => x.toFixed(1)).join(' ')})`);
await app.close();
