import { Client } from 'pg';
import { CITUS_MIGRATION_SETTING, COORDINATOR_ONLY, distributeTables } from '../src/database/distribute';
import { JobCountsCompactor } from '../src/jobs/job-counts.compactor';
import { SYSTEM_ACTOR } from '../src/audit/audit.service';
import { insertValues } from '../src/database/write-mode';
import { DeliveryWorker } from '../src/webhooks/delivery.worker';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { SeriesGenerator } from '../src/job-series/series-generator';
import { PlanBillingService } from '../src/plans/plan-billing.service';
import { IdempotencyService } from '../src/idempotency/idempotency.service';
import { Receiver } from './support/receiver';
import { newTenant, startApp, TestApp, TestTenant } from './support/app';

// Scale-out on Citus (issue 20; README "Scale-out on Citus"). The same spec runs on plain PostgreSQL
// (npm test) and on a Citus cluster (npm run test:citus, DATABASE_URL = the coordinator).

interface Statement {
  text: string;
  values: unknown[];
}

// Every statement the app sends, caught at the pg driver while `capture` is set.
let capture: Statement[] | null = null;
const originalQuery = Client.prototype.query;
(Client.prototype as any).query = function (config: any, values?: any, cb?: any) {
  if (capture) {
    const text = typeof config === 'string' ? config : config?.text;
    const vals = Array.isArray(values) ? values : (config?.values ?? []);
    if (typeof text === 'string') capture.push({ text, values: vals });
  }
  return (originalQuery as any).call(this, config, values, cb);
};

const DML = /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i;

describe('scale-out on Citus: one rule for every table, every tool call on one node', () => {
  let t: TestApp;
  let a: TestTenant;
  let citus: boolean;
  let tenantTables: string[];
  beforeAll(async () => {
    t = await startApp({ SERIES_HORIZON_DAYS: '30', SCHEDULER_ENABLED: 'false', WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_DISABLE_AFTER_FAILURES: '2' });
    a = await newTenant(t);
    citus = (await t.ds.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`)).length > 0;
    tenantTables = (await t.ds.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`)).map(
      (r: any) => r.table_name,
    );
  });
  afterAll(async () => {
    (Client.prototype as any).query = originalQuery;
    await t.close();
  });

  it('every table is distributed on tenant_id (co-located), a reference table, or one of the coordinator-only tables', async () => {
    const tables: { name: string; tenant: boolean }[] = await t.ds.query(
      `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id') AS tenant
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(tenantTables.length).toBeGreaterThan(20);
    if (!citus) {
      // plain PostgreSQL: the distribution step is a no-op
      const runner = t.ds.createQueryRunner();
      try {
        expect(await distributeTables(runner)).toEqual({ distributed: [], reference: [] });
      } finally {
        await runner.release();
      }
      return;
    }
    const dist: { name: string; method: string; column: string | null; colocation: number; repmodel: string }[] = await t.ds.query(
      `SELECT logicalrelid::regclass::text AS name, partmethod AS method, column_to_column_name(logicalrelid, partkey) AS column,
              colocationid::int AS colocation, repmodel FROM pg_dist_partition`,
    );
    const byName = new Map(dist.map((d) => [d.name, d]));
    const colocations = new Set<number>();
    for (const { name, tenant } of tables) {
      const d = byName.get(name);
      if (COORDINATOR_ONLY.includes(name)) expect([name, d]).toEqual([name, undefined]);
      else if (tenant) {
        expect([name, d?.method, d?.column]).toEqual([name, 'h', 'tenant_id']);
        colocations.add(d!.colocation);
      } else expect([name, d?.method, d?.repmodel]).toEqual([name, 'n', 't']); // a reference table
    }
    expect(colocations.size).toBe(1);
    // and another run finds nothing left to do
    const runner = t.ds.createQueryRunner();
    try {
      expect(await distributeTables(runner)).toEqual({ distributed: [], reference: [] });
    } finally {
      await runner.release();
    }
  });

  it("a new entity's table, made by a later migration on a distributed database, is distributed by the same rule", async () => {
    const table = `zz_widgets_${Date.now()}`;
    const runner = t.ds.createQueryRunner();
    try {
      // what a generated entity's migration makes: tenant_id, (tenant_id, id) key, composite foreign
      // keys; in a transaction that starts as runMigrations starts each migration's on Citus
      await runner.startTransaction();
      if (citus) await runner.query(CITUS_MIGRATION_SETTING);
      await runner.query(`CREATE TABLE "${table}" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "owner_id" uuid NOT NULL,
        CONSTRAINT "pk_${table}" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "fk_${table}_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_${table}_owner" FOREIGN KEY ("tenant_id", "owner_id") REFERENCES "users"("tenant_id", "id"))`);
      await runner.commitTransaction();
      expect(await distributeTables(runner)).toEqual(citus ? { distributed: [table], reference: [] } : { distributed: [], reference: [] });
      if (citus) {
        const [d] = await runner.query(`SELECT partmethod, column_to_column_name(logicalrelid, partkey) AS col FROM pg_dist_partition WHERE logicalrelid = $1::regclass`, [table]);
        expect(d).toEqual({ partmethod: 'h', col: 'tenant_id' });
      }
      // its foreign keys hold, as before
      await runner.query(`INSERT INTO "${table}" (tenant_id, owner_id) VALUES ($1, $2)`, [a.tenantId, a.userId]);
      await expect(runner.query(`INSERT INTO "${table}" (tenant_id, owner_id) VALUES ($1, gen_random_uuid())`, [a.tenantId])).rejects.toThrow(/foreign key/);
    } finally {
      await runner.query(`DROP TABLE IF EXISTS "${table}"`);
      await runner.release();
    }
  });

  it("the hot tools' statements each carry tenant_id, and on Citus each is a single-task router plan", async () => {
    // warm up: the key is looked up by its hash once, then cached (README: credential lookups)
    const customer0 = await a.client.call('customers.create', { display_name: 'Warm-up' });
    await a.client.call('jobs.list', {});
    // an endpoint subscribed to every event, so each write also inserts its webhook events and
    // deliveries (the delivery worker is off in this app: nothing is sent to the unroutable address)
    await t.ds.query(`INSERT INTO webhook_endpoints (tenant_id, url, events) VALUES ($1, 'https://10.9.8.7/hook', '{all}')`, [a.tenantId]);

    // only the tools' own statements: the compactor (a background job over all tenants) is paused
    t.app.get(JobCountsCompactor).onApplicationShutdown();
    capture = [];
    const customer = await a.client.call('customers.create', { display_name: 'Henderson', email: 'h@example.com' });
    await a.client.call('customers.get', { id: customer.id });
    await a.client.call('customers.search', { q: 'Hend' });
    await a.client.call('customers.update', { id: customer.id, phone: '+1 555 0100' });
    const job = await a.client.call('jobs.create', {
      title: 'Replace kitchen faucet',
      customer_id: customer.id,
      scheduled_start: '2026-06-16T09:00:00Z',
      scheduled_end: '2026-06-16T11:00:00Z',
      assigned_user_ids: [a.userId],
      line_items: [
        { description: 'Labor', unit_price: 95, quantity: 2 },
        { description: 'Faucet', unit_price: 180, quantity: 1 },
      ],
    });
    await a.client.call('jobs.get', { id: job.id });
    await a.client.call('jobs.list', { customerId: customer0.id });
    await a.client.call('jobs.update', { id: job.id, title: 'Replace the kitchen faucet', status: 'done' });
    await a.client.call('jobs.cancel', { id: job.id });
    // a write with an idempotency key: its claim and stored result, in the call's transaction
    const keyed = await a.client.rpc('tools/call', { name: 'jobs.create', arguments: { title: 'Keyed visit' } }, { 'idempotency-key': `dist-${Date.now()}` });
    expect(keyed.body.result?.isError).toBeFalsy();
    // series generation: creating a series generates its instances inside the call
    await a.client.call('job_series.create', {
      title: 'Weekly lawn',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timezone: 'America/Los_Angeles',
      dtstart: '2026-07-07',
      customer_id: customer.id,
      line_items: [{ description: 'Mow', unit_price: 80, quantity: 1 }],
      assigned_user_ids: [a.userId],
    });
    const statements = capture.filter((s) => DML.test(s.text));
    capture = null;
    expect(statements.length).toBeGreaterThan(20);
    // every kind of write the calls make was among them (so each one's plan is checked below)
    for (const table of ['customers', 'jobs', 'job_line_items', 'job_assignments', 'audit_events', 'webhook_events', 'webhook_deliveries', 'idempotency_keys'])
      expect([table, statements.some((s) => new RegExp(`\\bINSERT INTO "?${table}"?[\\s(]`).test(s.text))]).toEqual([table, true]);

    const mentions = (s: Statement, tables: string[]) => tables.filter((n) => new RegExp(`"?\\b${n}\\b"?`).test(s.text));
    const explainer = new Client({ connectionString: process.env.DATABASE_URL });
    await explainer.connect();
    const offenders: string[] = [];
    let routed = 0;
    let fannedOut = 0;
    try {
      for (const s of statements) {
        const touched = mentions(s, tenantTables);
        if (!touched.length) continue;
        if (!/tenant_id/.test(s.text)) offenders.push(`no tenant_id: ${s.text}`);
        let plan: string;
        try {
          plan = (await explainer.query(`EXPLAIN ${s.text}`, s.values as any[])).rows.map((r: any) => r['QUERY PLAN']).join('\n');
        } catch (err) {
          offenders.push(`cannot EXPLAIN (${(err as Error).message}): ${s.text}`);
          continue;
        }
        if (citus) {
          const tasks = [...plan.matchAll(/Task Count: (\d+)/g)].map((m) => Number(m[1]));
          // a single-task router plan: one task, sent as it is to the tenant's shard; no subplan whose
          // result the coordinator relays, no INSERT … SELECT pulled to the coordinator
          const router = /^Custom Scan \(Citus Adaptive\)/.test(plan) && tasks.length === 1 && tasks[0] === 1 && !/Distributed Subplan|INSERT \.\.\. SELECT/.test(plan);
          if (router) routed++;
          // the one lookup made before the tenant is known: an API key by its hash, asked of every
          // shard (once per key per token-cache period; README "Scale-out on Citus")
          else if (/^\s*SELECT [\s\S]* FROM api_keys\s+WHERE token_hash = \$1\b/.test(s.text)) fannedOut++;
          else offenders.push(`not a single-task router plan: ${s.text}\n${plan}`);
        }
      }
    } finally {
      await explainer.end();
    }
    expect(offenders).toEqual([]);
    if (citus) {
      expect(routed).toBeGreaterThan(15);
      console.log(`Citus plans of ${statements.length} statements: ${routed} single-task router plans, ${fannedOut} API key lookups by hash on every shard`);
    }
  });

  it('jobs.create is one statement on plain PostgreSQL; on Citus, one routed INSERT per table inside one transaction', async () => {
    await a.client.call('jobs.list', {}); // the key is cached
    const customer = await a.client.call('customers.create', { display_name: 'Okafor' });
    capture = [];
    await a.client.call('jobs.create', {
      title: 'Fix the gate',
      customer_id: customer.id,
      assigned_user_ids: [a.userId],
      line_items: [{ description: 'Hinge', unit_price: 12, quantity: 2 }],
    });
    const sent = capture.map((s) => s.text.trim());
    capture = null;
    const inserts = sent.map((text) => /^(?:WITH[\s\S]*?\)\s*)?INSERT INTO "?(\w+)/.exec(text)?.[1] ?? /^(START TRANSACTION|BEGIN|COMMIT)/.exec(text)?.[1] ?? null).filter(Boolean);
    if (!citus) {
      // the embedded default, as before: no transaction, one statement writes the job, its children, audit row and outbox
      expect(sent.filter((text) => /^(START TRANSACTION|BEGIN)/.test(text))).toEqual([]);
      // (the rate limiter's counters sync, a coordinator-only table, may run meanwhile)
      expect(sent.filter((text) => /\bINSERT INTO\b/.test(text) && !/rate_limit_counters/.test(text))).toHaveLength(1);
    } else {
      expect(inserts).toEqual(['START TRANSACTION', 'jobs', 'job_line_items', 'job_assignments', 'audit_events', 'webhook_events', 'webhook_deliveries', 'COMMIT']);
    }
    const [events] = await t.ds.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE tenant_id = $1 AND type = 'jobs.created' AND data->'object'->>'title' = 'Fix the gate'`,
      [a.tenantId],
    );
    expect(events.n).toBe(1);
  });

  it('insertValues: rows beyond 65,535 parameters go in further statements, returned in the order given', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [a.tenantId, 'system', SYSTEM_ACTOR, 'test.bulk', null, JSON.stringify({ i }), `bulk-${i}`]);
    const columns = ['tenant_id', 'actor_kind', 'actor_id', 'tool', 'target_id', 'changes', 'request_id'];
    const back = await t.ds.transaction((em) => insertValues<{ request_id: string }>(em, 'test.bulk', 'audit_events', columns, rows, { returning: 'request_id' }));
    expect(back.map((r) => r.request_id)).toEqual(rows.map((r) => r[6]));
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND tool = 'test.bulk'`, [a.tenantId]);
    expect(n).toBe(10_000);
  });

  it('the schedulers work across tenants with no transaction across shards: on Citus each write is a single-task router plan', async () => {
    const b = await newTenant(t);
    await t.ds.query(`UPDATE webhook_endpoints SET disabled_at = now() WHERE tenant_id = $1`, [a.tenantId]); // the unroutable one above
    const receiver = await new Receiver().start();
    try {
      receiver.answer = (r) => (r.path === '/fail' ? 500 : 200);
      const webhooks = t.app.get(WebhooksService);
      await webhooks.create({ tenantId: b.tenantId, url: receiver.url('/ok'), events: 'all' });
      await webhooks.create({ tenantId: b.tenantId, url: receiver.url('/fail'), events: 'all' });
      const customer = await b.client.call('customers.create', { display_name: 'Schedules' });
      await b.client.call('jobs.create', { title: 'One' });
      await b.client.call('jobs.create', { title: 'Two' });
      await b.client.call('job_series.create', { title: 'Weekly', rrule: 'FREQ=WEEKLY;BYDAY=TU', timezone: 'UTC', dtstart: '2026-07-07', customer_id: customer.id });
      const today = new Date().toISOString().slice(0, 10);
      await b.client.call('plans.create', { customer_id: customer.id, name: 'Care', price: 29.99, billing_frequency: 'monthly', starts_on: today });
      await b.client.rpc('tools/call', { name: 'jobs.create', arguments: { title: 'Keyed' } }, { 'idempotency-key': `sched-${Date.now()}` });
      // the failing endpoint's deliveries are past their retry period (failed at once), old rows are due for the purges
      await t.ds.query(
        `UPDATE webhook_deliveries d SET created_at = now() - interval '2 days' FROM webhook_endpoints w WHERE w.tenant_id = $1 AND w.url LIKE '%/fail' AND d.tenant_id = w.tenant_id AND d.endpoint_id = w.id`,
        [b.tenantId],
      );
      await t.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '3 days' WHERE tenant_id = $1`, [b.tenantId]);
      if (citus) await t.ds.query(`SELECT recover_prepared_transactions()`);
      const twoPhase = async () => (citus ? (await t.ds.query(`SELECT count(*)::int AS n FROM pg_dist_transaction`))[0].n : 0);
      const before = await twoPhase();

      capture = [];
      // a round ends when nothing is due at that moment: run rounds until the tenant's /ok endpoint has nothing pending
      const okPending = async () =>
        (
          await t.ds.query(
            `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints w ON w.tenant_id = d.tenant_id AND w.id = d.endpoint_id WHERE d.tenant_id = $1 AND w.url LIKE '%/ok' AND d.status = 'pending'`,
            [b.tenantId],
          )
        )[0].n;
      for (let round = 0; round < 20 && (await okPending()) > 0; round++) await t.app.get(DeliveryWorker).kick();
      await t.app.get(SeriesGenerator).run({ tenantId: b.tenantId, now: new Date(Date.now() + 90 * 86_400_000), wait: true });
      const billed = await t.app.get(PlanBillingService).run({ tenantId: b.tenantId, today });
      await t.app.get(JobCountsCompactor).compact();
      await t.ds.query(`UPDATE webhook_attempts SET at = now() - interval '8 days' WHERE tenant_id = $1`, [b.tenantId]);
      const purged = await webhooks.purge();
      const keys = await t.app.get(IdempotencyService).purgeExpired(t.ds.manager);
      const statements = capture.filter((s) => DML.test(s.text));
      capture = null;

      // each did its work
      expect(billed.invoices_created).toBe(1);
      expect(receiver.received.filter((r) => r.path === '/ok').length).toBeGreaterThan(3);
      const [fail] = await t.ds.query(`SELECT disabled_at FROM webhook_endpoints WHERE tenant_id = $1 AND url LIKE '%/fail'`, [b.tenantId]);
      expect(fail.disabled_at).not.toBeNull(); // after WEBHOOKS_DISABLE_AFTER_FAILURES failed deliveries, with a system audit row
      expect(purged.attempts).toBeGreaterThan(3);
      expect(keys).toBeGreaterThanOrEqual(1);
      const [counts] = await t.ds.query(`SELECT count(*)::int AS rows FROM job_counts WHERE tenant_id = $1 GROUP BY status HAVING count(*) > 1`, [b.tenantId]);
      expect(counts).toBeUndefined();

      // a read may ask every shard (which tenants have work); everything that writes or locks is routed to one shard
      const writes = /\b(INSERT|UPDATE|DELETE)\b|\bFOR (UPDATE|NO KEY UPDATE|SHARE|KEY SHARE)\b/i;
      const explainer = new Client({ connectionString: process.env.DATABASE_URL });
      await explainer.connect();
      const offenders: string[] = [];
      let routed = 0;
      try {
        await explainer.query('BEGIN'); // EXPLAIN of the writes only plans them; the rollback is for safety
        for (const s of statements) {
          if (!citus || !tenantTables.some((n) => new RegExp(`\\b${n}\\b`).test(s.text)) || !writes.test(s.text)) continue;
          let plan: string;
          try {
            plan = (await explainer.query(`EXPLAIN ${s.text}`, s.values as any[])).rows.map((r: any) => r['QUERY PLAN']).join('\n');
          } catch (err) {
            offenders.push(`cannot EXPLAIN (${(err as Error).message}): ${s.text}`);
            await explainer.query('ROLLBACK; BEGIN');
            continue;
          }
          const tasks = [...plan.matchAll(/Task Count: (\d+)/g)].map((m) => Number(m[1]));
          if (/^Custom Scan \(Citus Adaptive\)/.test(plan) && tasks.length === 1 && tasks[0] === 1 && !/Distributed Subplan|INSERT \.\.\. SELECT/.test(plan)) routed++;
          else offenders.push(`not a single-task router plan: ${s.text}\n${plan}`);
        }
      } finally {
        await explainer.query('ROLLBACK').catch(() => undefined);
        await explainer.end();
      }
      expect(offenders).toEqual([]);
      // and Citus committed no transaction on more than one node (a two-phase commit leaves its record here)
      expect(await twoPhase()).toBe(before);
      if (citus) console.log(`schedulers on Citus: ${statements.length} statements, ${routed} writes each a single-task router plan`);
    } finally {
      await receiver.close();
    }
  });
});
