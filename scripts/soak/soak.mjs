#!/usr/bin/env node
// npm run soak: two Zoop processes on one throwaway PostgreSQL under a mixed read/write workload
// shaped like real agents, for SOAK_SECONDS; then the database's invariants, checked in SQL.
//
//   npm run soak                                   # 60 s, 8 agents, 2 tenants
//   SOAK_SECONDS=600 SOAK_CONCURRENCY=16 npm run soak
//
// Prints throughput, p50/p99 per tool, errors by kind, each server's RSS over time, the webhook
// deliveries (every soak tenant subscribes a loopback receiver to all events) and the invariants. Exits non-zero on a broken invariant, a lost or mangled write, an idempotency replay
// that differs, or any HTTP 5xx / `internal` error / transport failure.
import { randomUUID } from 'node:crypto';
import {
  call, checkInvariants, ensureBuild, envInt, expectedTotals, fmt, log, pct, randomLines, rssMiB, seedTenant, sleep, startCluster,
  startServer, stopServer, table,
} from './lib.mjs';
import { printInvariants } from './invariants.mjs';
import { startReceiver } from './webhooks.mjs';

const SECONDS = envInt('SOAK_SECONDS', 60);
const CONCURRENCY = envInt('SOAK_CONCURRENCY', 8);
const TENANTS = Math.max(1, envInt('SOAK_TENANTS', 2));
const SAMPLE_SECONDS = envInt('SOAK_SAMPLE_SECONDS', Math.max(1, Math.round(SECONDS / 12)));
const SERVERS = 2;
const TAG = 'soak';

// ------------------------------------------------------------------------------------------------
// Bookkeeping: latencies per tool, outcomes by kind, problems that fail the run.
const latencies = new Map(); // tool -> ms[]
const outcomes = new Map(); // `${tool} ${kind}` -> n
const problems = []; // {what, detail}
const acked = { jobs: [], quotes: [], invoices: [] }; // {id, lines}
let calls = 0;

const FATAL_KINDS = new Set(['internal', 'transport', 'client_timeout']);
function record(tool, r) {
  calls++;
  if (!latencies.has(tool)) latencies.set(tool, []);
  latencies.get(tool).push(r.ms);
  const key = `${tool}\t${r.kind}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  if (FATAL_KINDS.has(r.kind) || r.status >= 500) problems.push({ what: `${tool}: ${r.kind} (HTTP ${r.status})`, detail: r.message });
}
function problem(what, detail) {
  problems.push({ what, detail });
}

// ------------------------------------------------------------------------------------------------
// The agents. Each belongs to one tenant, sends each call to the next server (a round-robin load
// balancer), reads what anyone in its tenant made and changes only what it made itself.
let rr = 0;
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const chance = (p) => Math.random() < p;
const WORDS = ['Ada', 'Henderson', 'Plumbing', 'Lawn', 'HVAC', 'Acme', 'Birch', 'Cedar', 'Delta', 'Echo', 'Fox', 'Grove'];

function agentFor(ctx, servers) {
  const { tenant, pool } = ctx;
  const mine = { jobs: [], invoices: [] };
  const tcall = async (tool, args, opts) => {
    const server = servers[rr++ % servers.length];
    const r = await call(server.url, tenant.token, tool, args, opts);
    record(tool, r);
    return r;
  };
  // a write sent with an Idempotency-Key and sent again as if the first answer were lost
  const idempotent = async (tool, args) => {
    const key = `soak-${randomUUID()}`;
    const first = await tcall(tool, args, { idempotencyKey: key });
    if (!first.ok) return first;
    const again = await tcall(tool, args, { idempotencyKey: key });
    if (again.ok && again.result?.id !== first.result.id) problem(`${tool}: idempotent retry created ${again.result?.id}, first call ${first.result.id}`);
    return first;
  };
  const checkTotals = (tool, r, lines, rate) => {
    const want = expectedTotals(lines, rate);
    const got = { subtotal: r.result.subtotal.toFixed(2), tax_total: r.result.tax_total.toFixed(2), total: r.result.total.toFixed(2) };
    if (got.subtotal !== want.subtotal || got.tax_total !== want.tax_total || got.total !== want.total) {
      problem(`${tool}: totals ${JSON.stringify(got)} but the lines sent make ${JSON.stringify(want)}`);
    }
  };
  const jobLines = (n) => randomLines(n).map(({ taxable, ...l }) => l);

  const actions = [
    [14, async () => tcall('customers.search', { q: pick(WORDS).slice(0, 3 + Math.floor(Math.random() * 3)).toLowerCase(), page: chance(0.2) ? 2 : 1 })],
    [4, async () => pool.customers.length && tcall('customers.get', { id: pick(pool.customers) })],
    [4, async () => {
      const r = await tcall('customers.create', { display_name: `${pick(WORDS)} ${pick(WORDS)} ${Math.floor(Math.random() * 1e6)}`, email: `c${Math.floor(Math.random() * 1e9)}@example.com` });
      if (r.ok) pool.customers.push(r.result.id);
    }],
    [10, async () => tcall('jobs.list', { ...(chance(0.4) ? { status: pick(['unscheduled', 'scheduled', 'done']) } : {}), ...(chance(0.3) && pool.customers.length ? { customerId: pick(pool.customers) } : {}) })],
    [14, async () => pool.jobs.length && tcall('jobs.get', { id: pick(pool.jobs) })],
    [12, async () => {
      const lines = jobLines(1 + Math.floor(Math.random() * 6));
      const args = { title: `Soak job ${randomUUID().slice(0, 8)}`, customer_id: pick(pool.customers), line_items: lines };
      if (chance(0.5)) args.scheduled_start = new Date(Date.now() + Math.random() * 30 * 86_400_000).toISOString();
      const r = chance(0.3) ? await idempotent('jobs.create', args) : await tcall('jobs.create', args);
      if (r.ok) {
        pool.jobs.push(r.result.id);
        mine.jobs.push(r.result.id);
        acked.jobs.push({ id: r.result.id, lines: lines.length });
      }
    }],
    [8, async () => {
      if (!mine.jobs.length) return;
      const id = pick(mine.jobs);
      const args = chance(0.5) ? { id, status: 'done' } : { id, scheduled_start: new Date(Date.now() + 86_400_000).toISOString() };
      await tcall('jobs.update', args);
    }],
    [6, async () => {
      // quote → sent → approved, and sometimes a job from it
      const lines = randomLines(1 + Math.floor(Math.random() * 5));
      const rate = chance(0.6) ? ctx.taxRate : null;
      const q = await tcall('quotes.create', { customer_id: pick(pool.customers), title: `Soak quote ${randomUUID().slice(0, 8)}`, line_items: lines, ...(rate ? { tax_rate_id: rate.id } : {}) });
      if (!q.ok) return;
      checkTotals('quotes.create', q, lines, rate?.rate);
      acked.quotes.push({ id: q.result.id, lines: lines.length });
      const sent = await tcall('quotes.update', { id: q.result.id, status: 'sent' });
      if (!sent.ok) return;
      const approved = await tcall('quotes.update', { id: q.result.id, status: 'approved' });
      if (approved.ok && chance(0.5)) {
        const j = await tcall('jobs.create', { title: `From ${q.result.number}`, quote_id: q.result.id });
        if (j.ok) {
          pool.jobs.push(j.result.id);
          mine.jobs.push(j.result.id);
          acked.jobs.push({ id: j.result.id, lines: lines.length });
        }
      }
    }],
    [6, async () => {
      if (!mine.jobs.length) return;
      const r = chance(0.3) ? await idempotent('invoices.create', { job_id: pick(mine.jobs) }) : await tcall('invoices.create', { job_id: pick(mine.jobs) });
      if (r.ok) {
        mine.invoices.push(r.result.id);
        pool.invoices.push(r.result.id);
        acked.invoices.push({ id: r.result.id, lines: r.result.line_items?.length ?? null });
      }
    }],
    [4, async () => {
      const lines = randomLines(1 + Math.floor(Math.random() * 6));
      const rate = chance(0.7) ? ctx.taxRate : null;
      const r = await tcall('invoices.create', { customer_id: pick(pool.customers), line_items: lines, ...(rate ? { tax_rate_id: rate.id } : {}) });
      if (!r.ok) return;
      checkTotals('invoices.create', r, lines, rate?.rate);
      mine.invoices.push(r.result.id);
      pool.invoices.push(r.result.id);
      acked.invoices.push({ id: r.result.id, lines: lines.length });
    }],
    [6, async () => {
      // record a payment: send it, then pay part or all of it
      if (!mine.invoices.length) return;
      const id = mine.invoices.splice(Math.floor(Math.random() * mine.invoices.length), 1)[0];
      const sent = await tcall('invoices.update', { id, status: 'sent' });
      if (!sent.ok || !(sent.result.total > 0)) return;
      const amount = chance(0.5) ? sent.result.total : Math.floor(sent.result.total * 50) / 100;
      const paid = await tcall('invoices.update', { id, amount_paid: amount });
      if (paid.ok && paid.result.status !== (amount === sent.result.total ? 'paid' : 'sent')) problem(`invoices.update: amount_paid ${amount} of ${sent.result.total} left status ${paid.result.status}`);
    }],
    [4, async () => tcall('invoices.list', chance(0.5) ? { status: pick(['draft', 'sent', 'paid']) } : {})],
    [3, async () => tcall('quotes.list', chance(0.5) ? { status: pick(['draft', 'sent', 'approved']) } : {})],
    [4, async () => pool.invoices.length && tcall('invoices.get', { id: pick(pool.invoices) })],
    [2, async () => {
      const r = await tcall('job_series.create', {
        title: `Soak visits ${randomUUID().slice(0, 8)}`,
        rrule: pick(['FREQ=WEEKLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=TU,FR', 'FREQ=MONTHLY;BYMONTHDAY=1', 'FREQ=DAILY;INTERVAL=7']),
        timezone: pick(['America/Los_Angeles', 'America/New_York', 'Europe/London']),
        dtstart: new Date().toISOString().slice(0, 10),
        customer_id: pick(pool.customers),
        flat_price: 95,
        line_items: jobLines(2),
      });
      if (r.ok) pool.series.push(r.result.id);
    }],
    [3, async () => tcall('job_series.list', chance(0.3) && pool.customers.length ? { customerId: pick(pool.customers) } : {})],
  ];
  const total = actions.reduce((s, [w]) => s + w, 0);
  return async function step() {
    let x = Math.random() * total;
    for (const [w, fn] of actions) {
      if ((x -= w) < 0) return fn();
    }
  };
}

// ------------------------------------------------------------------------------------------------
async function main() {
  ensureBuild();
  log(TAG, `starting a throwaway PostgreSQL, ${SERVERS} servers, ${TENANTS} tenants, ${CONCURRENCY} agents for ${SECONDS} s`);
  const cluster = await startCluster(TAG);
  const servers = [];
  let exitCode = 1;
  const receiver = await startReceiver();
  try {
    // the first server migrates; the second starts on the migrated schema (both run the scheduler,
    // so both deliver webhooks)
    const env = { WEBHOOKS_ALLOW_LOOPBACK: 'true' };
    servers.push(await startServer(cluster.url, env, 'server-a'));
    servers.push(await startServer(cluster.url, env, 'server-b'));
    const tenants = [];
    for (let i = 0; i < TENANTS; i++) tenants.push(await seedTenant(cluster.url, `Soak tenant ${i + 1}`));
    for (const tenant of tenants) await receiver.subscribe(cluster.url, tenant.id);
    const ctxs = [];
    for (const tenant of tenants) {
      const pool = { customers: [], jobs: [], invoices: [], series: [] };
      const rate = await call(servers[0].url, tenant.token, 'tax_rates.create', { name: 'State sales tax', rate: 8.875 });
      if (!rate.ok) throw new Error(`seeding a tax rate failed: ${rate.message}`);
      for (let i = 0; i < 20; i++) {
        const c = await call(servers[i % 2].url, tenant.token, 'customers.create', { display_name: `${WORDS[i % WORDS.length]} ${WORDS[(i * 5) % WORDS.length]} ${i}` });
        if (!c.ok) throw new Error(`seeding customers failed on ${servers[i % 2].tag}: ${c.kind} ${c.message}\n${servers[i % 2].tail.slice(-10).join('\n')}`);
        pool.customers.push(c.result.id);
      }
      ctxs.push({ tenant, pool, taxRate: { id: rate.result.id, rate: rate.result.rate } });
    }

    // RSS over time, sampled
    const samples = [];
    const t0 = performance.now();
    // RSS from /proc, and the V8 heap in use from each server's own /metrics
    const heapMiB = async (s) => {
      try {
        const text = await (await fetch(`${s.base}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
        const m = /^zoop_nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
        return m ? Number(m[1]) / 1048576 : NaN;
      } catch {
        return NaN;
      }
    };
    const sample = async () => {
      const t = (performance.now() - t0) / 1000;
      const rss = servers.map((s) => rssMiB(s.pid));
      samples.push({ t, rss, heap: await Promise.all(servers.map(heapMiB)) });
    };
    await sample();
    const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);

    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const step = agentFor(ctxs[i % ctxs.length], servers);
        while (performance.now() < deadline) {
          try {
            await step();
          } catch (err) {
            problem('agent crashed', String(err?.stack ?? err));
            await sleep(100);
          }
        }
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    await sample();
    for (const s of servers) if (s.exited) problem(`${s.tag} exited during the run`, s.tail.slice(-10).join('\n'));

    // the outbox drains, then a graceful stop, then the invariants on a quiet database
    const drainSeconds = await receiver.drain(cluster.url);
    await Promise.all(servers.map((s) => stopServer(s)));
    const ackCheck = (doc, lineTable, fk) => {
      const list = acked[doc].filter((a) => a.lines !== null);
      return {
        name: `every acknowledged ${doc.replace(/s$/, '')} create is in the database with its lines (${acked[doc].length})`,
        sql: `SELECT a.id, a.n, (SELECT count(*) FROM ${lineTable} l WHERE l.${fk} = a.id) AS lines
              FROM unnest($1::uuid[], $2::int[]) AS a(id, n)
              WHERE NOT EXISTS (SELECT 1 FROM ${doc} d WHERE d.id = a.id)
                 OR (SELECT count(*) FROM ${lineTable} l WHERE l.${fk} = a.id) <> a.n`,
        params: [list.map((a) => a.id), list.map((a) => a.lines)],
      };
    };
    const inv = await checkInvariants(cluster.url, [
      ackCheck('jobs', 'job_line_items', 'job_id'),
      ackCheck('quotes', 'quote_line_items', 'quote_id'),
      ackCheck('invoices', 'invoice_line_items', 'invoice_id'),
    ]);

    // ---- report
    const out = [];
    const p = (s = '') => out.push(s);
    p(`\n== soak: ${SERVERS} servers, ${TENANTS} tenants, ${CONCURRENCY} agents, ${fmt(wall, 0)} s ==`);
    p(`${calls} calls, ${fmt(calls / wall)} calls/s overall`);
    p('');
    const rows = [...latencies.entries()].sort((a, b) => b[1].length - a[1].length).map(([tool, ms]) => {
      const errs = [...outcomes.entries()].filter(([k]) => k.startsWith(`${tool}\t`) && !k.endsWith('\tok'));
      return [tool, ms.length, fmt(ms.length / wall), fmt(pct(ms, 50)), fmt(pct(ms, 99)), fmt(Math.max(...ms)), errs.map(([k, n]) => `${k.split('\t')[1]}×${n}`).join(' ') || '–'];
    });
    p(table(['tool', 'calls', 'calls/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'], rows));
    const all = [...latencies.values()].flat();
    p(`all tools: p50 ${fmt(pct(all, 50))} ms, p99 ${fmt(pct(all, 99))} ms`);
    const kinds = new Map();
    for (const [k, n] of outcomes) {
      const kind = k.split('\t')[1];
      if (kind !== 'ok') kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    }
    p(`errors by kind: ${kinds.size ? [...kinds].map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
    p('');
    p('server memory over time (MiB): RSS, and V8 heap in use');
    samples.sort((a, b) => a.t - b.t);
    p(table(
      ['t (s)', ...servers.flatMap((s) => [`${s.tag} RSS`, `${s.tag} heap`])],
      samples.map((x) => [fmt(x.t, 0), ...x.rss.flatMap((v, i) => [fmt(v, 0), fmt(x.heap[i], 0)])]),
    ));
    p('');
    const hooks = await receiver.report(cluster.url, wall, p);
    p(`webhooks: the outbox drained ${fmt(drainSeconds)} s after the workload stopped`);
    if (!hooks.ok) problem(`webhooks: lost ${hooks.lost}, duplicated ${hooks.duplicated}, bad signatures ${hooks.badSignatures}`);
    p('');
    p(`invariants (${inv.checks.length} checks):`);
    printInvariants(inv, p);
    if (problems.length) {
      p('');
      p(`problems (${problems.length}):`);
      for (const x of problems.slice(0, 20)) p(`  ${x.what}${x.detail ? `: ${String(x.detail).slice(0, 300)}` : ''}`);
    }
    const ok = !inv.broken && !problems.length;
    p('');
    p(ok ? 'SOAK OK' : 'SOAK FAILED');
    console.log(out.join('\n'));
    exitCode = ok ? 0 : 1;
  } finally {
    for (const s of servers) await stopServer(s, 'SIGKILL').catch(() => undefined);
    await receiver.close();
    await cluster.remove();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(`[${TAG}] failed: ${err?.stack ?? err}`);
  process.exit(1);
});
