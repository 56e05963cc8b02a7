#!/usr/bin/env node
// npm run crash: kill -9 a Zoop server in the middle of a burst of writes with line items, then
// prove in SQL that no job, quote or invoice is partial, restart it and time the first answer.
//
//   npm run crash                          # 24 writers, 8 lines per document, kill after 40 acks
//   CRASH_CONCURRENCY=48 CRASH_LINES=20 CRASH_AFTER_ACKS=100 npm run crash
//
// Every create carries a marker (the job/quote title, the invoice lines' descriptions) and an
// Idempotency-Key, so after the crash each request — acknowledged or not — is matched with what the
// database holds: nothing, or the whole document (every line sent, totals = the lines' totals, its
// audit row). After the restart the unacknowledged requests are retried with their keys: a document
// that committed before the crash is replayed, not duplicated. Exits non-zero on any partial
// document, a lost acknowledged write, a duplicate, or a broken invariant.
import {
  call, checkInvariants, ensureBuild, envInt, expectedTotals, fmt, log, randomLines, seedTenant, sleep, sql, startCluster, startServer,
  stopServer, table,
} from './lib.mjs';
import { printInvariants } from './invariants.mjs';

const CONCURRENCY = envInt('CRASH_CONCURRENCY', 24);
const LINES = Math.max(1, envInt('CRASH_LINES', 8));
const AFTER_ACKS = envInt('CRASH_AFTER_ACKS', 40);
const TAG = 'crash';
const KINDS = ['jobs', 'quotes', 'invoices'];

async function main() {
  ensureBuild();
  const cluster = await startCluster(TAG);
  let server;
  let exitCode = 1;
  try {
    const env = { SCHEDULER_ENABLED: 'false' };
    server = await startServer(cluster.url, env, 'server');
    const tenant = await seedTenant(cluster.url, 'Crash tenant');
    const rate = await call(server.url, tenant.token, 'tax_rates.create', { name: 'Sales tax', rate: 7.25 });
    const customer = await call(server.url, tenant.token, 'customers.create', { display_name: 'Crash Test Plumbing' });
    if (!rate.ok || !customer.ok) throw new Error(`seeding failed: ${rate.message ?? customer.message}`);

    // ---- the burst
    const requests = []; // {n, kind, marker, tool, args, lines, want, acked, id, key}
    let acks = 0;
    let killedAt = null;
    const argsFor = (kind, marker, lines) => {
      if (kind === 'jobs') return ['jobs.create', { title: marker, customer_id: customer.result.id, line_items: lines.map(({ taxable, ...l }) => l) }];
      if (kind === 'quotes') return ['quotes.create', { title: marker, customer_id: customer.result.id, tax_rate_id: rate.result.id, line_items: lines }];
      return ['invoices.create', { customer_id: customer.result.id, tax_rate_id: rate.result.id, line_items: lines.map((l, i) => ({ ...l, description: `${marker} line ${i + 1}` })) }];
    };
    log(TAG, `burst: ${CONCURRENCY} writers, ${LINES} lines per document; kill -9 after ${AFTER_ACKS} acknowledged creates`);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (killedAt === null) {
          const n = next++;
          const kind = KINDS[n % 3];
          const marker = `crash-${n}`;
          const lines = randomLines(LINES);
          const [tool, args] = argsFor(kind, marker, lines);
          const req = { n, kind, marker, tool, args, lines, want: expectedTotals(lines, kind === 'jobs' ? null : rate.result.rate), acked: false, key: `crash-key-${n}` };
          requests.push(req);
          const r = await call(server.url, tenant.token, tool, args, { idempotencyKey: req.key, timeoutMs: 20_000 });
          if (r.ok) {
            req.acked = true;
            req.id = r.result.id;
            if (++acks >= AFTER_ACKS && killedAt === null) {
              killedAt = performance.now();
              server.child.kill('SIGKILL');
            }
          } else {
            req.error = r.kind;
            if (killedAt === null) throw new Error(`${tool} failed before the kill: ${r.kind} ${r.message}`);
          }
        }
      }),
    );
    const burstMs = killedAt - t0;
    await new Promise((r) => (server.exited ? r() : server.child.once('exit', r)));

    // ---- what the database holds, per request
    const inspect = async () => {
      const docs = [
        ...(await sql(cluster.url, `
          SELECT 'jobs' AS kind, j.id, j.title AS marker, count(l.id)::int AS lines,
                 coalesce(sum(round(l.unit_price * l.quantity, 2)), 0)::text AS subtotal, NULL AS tax_total, NULL AS total
          FROM jobs j LEFT JOIN job_line_items l ON l.tenant_id = j.tenant_id AND l.job_id = j.id
          WHERE j.tenant_id = $1 GROUP BY j.id`, [tenant.id])),
        ...(await sql(cluster.url, `
          SELECT 'quotes' AS kind, q.id, q.title AS marker, count(l.id)::int AS lines, q.subtotal::text, q.tax_total::text, q.total::text
          FROM quotes q LEFT JOIN quote_line_items l ON l.tenant_id = q.tenant_id AND l.quote_id = q.id
          WHERE q.tenant_id = $1 GROUP BY q.id`, [tenant.id])),
        ...(await sql(cluster.url, `
          SELECT 'invoices' AS kind, i.id, split_part(min(l.description), ' ', 1) AS marker, count(l.id)::int AS lines,
                 i.subtotal::text, i.tax_total::text, i.total::text
          FROM invoices i LEFT JOIN invoice_line_items l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
          WHERE i.tenant_id = $1 GROUP BY i.id`, [tenant.id])),
      ];
      const audited = new Set((await sql(cluster.url, `SELECT target_id FROM audit_events WHERE tenant_id = $1 AND tool LIKE '%.create'`, [tenant.id])).map((r) => r.target_id));
      const byMarker = new Map(requests.map((r) => [r.marker, r]));
      const found = new Map(); // marker -> docs
      const partial = [];
      for (const d of docs) {
        const req = byMarker.get(d.marker);
        if (!req || req.kind !== d.kind) {
          partial.push({ doc: d, why: 'matches no request (a document without its lines?)' });
          continue;
        }
        if (!found.has(d.marker)) found.set(d.marker, []);
        found.get(d.marker).push(d);
        if (d.lines !== LINES) partial.push({ doc: d, why: `${d.lines} of ${LINES} lines` });
        else if (d.subtotal !== req.want.subtotal || (d.kind !== 'jobs' && (d.tax_total !== req.want.tax_total || d.total !== req.want.total))) {
          partial.push({ doc: d, why: `totals ${d.subtotal}/${d.tax_total}/${d.total}, the request's lines make ${req.want.subtotal}/${req.want.tax_total}/${req.want.total}` });
        }
        if (!audited.has(d.id)) partial.push({ doc: d, why: 'no audit row' });
      }
      const lost = requests.filter((r) => r.acked && !(found.get(r.marker) ?? []).some((d) => d.id === r.id));
      const duplicates = [...found.values()].filter((ds) => ds.length > 1);
      return { docs, found, partial, lost, duplicates };
    };
    const afterCrash = await inspect();
    const unacked = requests.filter((r) => !r.acked);
    const committedUnacked = unacked.filter((r) => afterCrash.found.has(r.marker));

    // ---- restart: how soon does it serve?
    const restartT0 = performance.now();
    server = await startServer(cluster.url, env, 'server');
    let firstOkMs = null;
    for (let i = 0; i < 2000 && firstOkMs === null; i++) {
      const r = await call(server.url, tenant.token, 'jobs.list', {}, { timeoutMs: 5000 });
      if (r.ok) firstOkMs = performance.now() - restartT0;
      else await sleep(10);
    }

    // ---- retry every unacknowledged request with its key: replay or create, never twice
    let replayed = 0;
    let created = 0;
    const retryFailures = [];
    for (const r of unacked) {
      const res = await call(server.url, tenant.token, r.tool, r.args, { idempotencyKey: r.key });
      if (!res.ok) {
        retryFailures.push(`${r.marker}: ${res.kind} ${res.message}`);
        continue;
      }
      const before = afterCrash.found.get(r.marker);
      if (before) {
        if (before[0].id === res.result.id) replayed++;
        else retryFailures.push(`${r.marker}: committed as ${before[0].id} before the crash, the retry answered ${res.result.id}`);
      } else created++;
      r.acked = true;
      r.id = res.result.id;
    }
    const afterRetry = await inspect();
    const missing = requests.filter((r) => !afterRetry.found.has(r.marker));
    await stopServer(server);
    const inv = await checkInvariants(cluster.url);

    // ---- report
    const out = [];
    const p = (s = '') => out.push(s);
    p(`\n== crash: kill -9 during a burst of ${CONCURRENCY} concurrent writers, ${LINES} lines per document ==`);
    p(`burst ran ${fmt(burstMs, 0)} ms; ${requests.length} creates sent (${KINDS.map((k) => `${requests.filter((r) => r.kind === k).length} ${k}`).join(', ')})`);
    p(`acknowledged before the kill: ${requests.length - unacked.length}; in flight at the kill: ${unacked.length} (${committedUnacked.length} had committed, ${unacked.length - committedUnacked.length} left nothing)`);
    p('');
    p(table(
      ['after the crash', 'jobs', 'quotes', 'invoices'],
      [
        ['documents in the database', ...KINDS.map((k) => afterCrash.docs.filter((d) => d.kind === k).length)],
        ['partial (lines, totals or audit row missing)', ...KINDS.map((k) => afterCrash.partial.filter((x) => x.doc.kind === k).length)],
        ['acknowledged but missing', ...KINDS.map((k) => afterCrash.lost.filter((r) => r.kind === k).length)],
      ],
    ));
    p('');
    p(`restart: listening after ${fmt(server.listeningAfterMs, 0)} ms, first successful tools/call after ${fmt(firstOkMs, 0)} ms`);
    p(`retry of the ${unacked.length} unacknowledged creates with their Idempotency-Keys: ${replayed} replayed the pre-crash document, ${created} created it now, ${retryFailures.length} failed`);
    p(`after the retries: ${afterRetry.docs.length} documents for ${requests.length} requests; partial ${afterRetry.partial.length}, duplicates ${afterRetry.duplicates.length}, missing ${missing.length}`);
    p('');
    p(`invariants (${inv.checks.length} checks):`);
    printInvariants(inv, p);
    const issues = [
      ...afterCrash.partial.map((x) => `partial after crash: ${x.doc.kind} ${x.doc.id} (${x.doc.marker}): ${x.why}`),
      ...afterCrash.lost.map((r) => `acknowledged ${r.kind} ${r.id} (${r.marker}) is not in the database`),
      ...retryFailures.map((x) => `retry: ${x}`),
      ...afterRetry.partial.map((x) => `partial after retry: ${x.doc.kind} ${x.doc.id}: ${x.why}`),
      ...afterRetry.duplicates.map((ds) => `duplicate: ${ds.map((d) => d.id).join(', ')} for ${ds[0].marker}`),
      ...missing.map((r) => `missing after retry: ${r.marker}`),
      ...(firstOkMs === null ? ['the restarted server never answered a call'] : []),
      ...(unacked.length === 0 ? ['the kill hit no request in flight: raise CRASH_CONCURRENCY'] : []),
    ];
    if (issues.length) {
      p('');
      p(`problems (${issues.length}):`);
      for (const x of issues.slice(0, 20)) p(`  ${x}`);
    }
    const ok = !issues.length && !inv.broken;
    p('');
    p(ok ? 'CRASH OK' : 'CRASH FAILED');
    console.log(out.join('\n'));
    exitCode = ok ? 0 : 1;
  } finally {
    if (server) await stopServer(server, 'SIGKILL').catch(() => undefined);
    await cluster.remove();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(`[${TAG}] failed: ${err?.stack ?? err}`);
  process.exit(1);
});
