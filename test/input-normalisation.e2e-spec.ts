import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { expectError, newTenant, TestApp, TestTenant } from './support/app';
import { seedWorld, validCalls } from './support/world';

// One rule per kind of input, applied in the shared validation before any tool sees it (issue 14):
// ids are lower-cased (C14), timestamps are normalised to UTC in Node (C13), and nesting is bounded
// before class-transformer walks the arguments (A3).
describe('input normalisation', () => {
  let t: TestApp;
  let a: TestTenant;
  const logLines: string[] = [];
  const issuePaths = async (p: Promise<unknown>) => (await expectError(p, 'invalid_input')).data.issues.map((i: any) => i.path);

  beforeAll(async () => {
    // the app as `npm start` builds it, with its log lines captured (to see what is logged as an error)
    const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '0' });
    const logStream = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
    const app = await createApp(config, { url: process.env.DATABASE_URL! }, { logger: ['error'], logStream });
    await app.listen(0, '127.0.0.1');
    t = new TestApp(app, `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`);
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  describe('UUIDs in any case are the same record (C14)', () => {
    it('every tool takes its valid call with every id upper-cased', async () => {
      const w = await seedWorld(t);
      const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const upper = (v: unknown): unknown =>
        typeof v === 'string' && UUID.test(v)
          ? v.toUpperCase()
          : Array.isArray(v)
            ? v.map(upper)
            : v && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upper(x)]))
              : v;
      const failures: string[] = [];
      const calls = validCalls(w);
      for (const name of Object.keys(calls).sort()) {
        const args = upper(calls[name]()) as Record<string, unknown>;
        await w.tenant.client.call(name, args).catch((e: any) => failures.push(`${name} ${JSON.stringify(args)}: ${e.data?.kind} ${e.message}`));
      }
      expect(failures).toEqual([]);
    });

    it('an upper-case catalog_item_id on a job, quote or invoice line is the tenant’s item', async () => {
      const item = await a.client.call('catalog_items.create', { name: 'Filter', unit_price: 12.5 });
      const customer = await a.client.call('customers.create', { display_name: 'Upper Case' });
      const line = { catalog_item_id: item.id.toUpperCase(), quantity: 2 };
      const job = await a.client.call('jobs.create', { title: 'Swap filter', line_items: [line] });
      expect((await a.client.call('jobs.get', { id: job.id })).job_line_items[0]).toMatchObject({ catalog_item_id: item.id, description: 'Filter', unit_price: 12.5 });
      const quote = await a.client.call('quotes.create', { customer_id: customer.id, title: 'Filters', line_items: [line] });
      expect(quote.line_items[0]).toMatchObject({ catalog_item_id: item.id, unit_price: 12.5 });
      const invoice = await a.client.call('invoices.create', { customer_id: customer.id.toUpperCase(), line_items: [line] });
      expect(invoice).toMatchObject({ customer_id: customer.id });
      expect(invoice.line_items[0]).toMatchObject({ catalog_item_id: item.id });
    });

    it('an upper-case customer_id with its own location is that customer, and ids read back lower-case', async () => {
      const customer = await a.client.call('customers.create', { display_name: 'Located' });
      const location = await a.client.call('locations.create', { customer_id: customer.id.toUpperCase(), line1: '1 Main St' });
      expect(location.customer_id).toBe(customer.id);
      const job = await a.client.call('jobs.create', { title: 'On site', customer_id: customer.id.toUpperCase(), location_id: location.id });
      expect(job).toMatchObject({ customer_id: customer.id, location_id: location.id });
      const moved = await a.client.call('jobs.update', { id: job.id.toUpperCase(), customer_id: customer.id.toUpperCase(), location_id: location.id.toUpperCase() });
      expect(moved).toMatchObject({ id: job.id, customer_id: customer.id, location_id: location.id });
      expect((await a.client.call('customers.get', { id: customer.id.toUpperCase() })).id).toBe(customer.id);
      const listed = await a.client.call('jobs.list', { customerId: customer.id.toUpperCase() });
      expect(listed.data.map((j: any) => j.id)).toEqual([job.id]);
    });

    it('the same tag or user twice, in any case, is invalid_input naming the list', async () => {
      const tag = await a.client.call('tags.create', { name: `vip-${randomUUID()}` });
      const twice = [tag.id, tag.id.toUpperCase()];
      expect(await issuePaths(a.client.call('customers.create', { display_name: 'Tagged', tag_ids: twice }))).toEqual(['tag_ids']);
      const c = await a.client.call('customers.create', { display_name: 'Tagged', tag_ids: [tag.id.toUpperCase()] });
      expect(c.tags.map((x: any) => x.id)).toEqual([tag.id]);
      expect(await issuePaths(a.client.call('customers.update', { id: c.id, tag_ids: twice }))).toEqual(['tag_ids']);

      const users = [a.userId, a.userId.toUpperCase()];
      expect(await issuePaths(a.client.call('jobs.create', { title: 'Two of me', assigned_user_ids: users }))).toEqual(['assigned_user_ids']);
      const job = await a.client.call('jobs.create', { title: 'Me', assigned_user_ids: [a.userId.toUpperCase()] });
      expect((await a.client.call('jobs.get', { id: job.id.toUpperCase() })).job_assignments.map((x: any) => x.user_id)).toEqual([a.userId]);
      expect(await issuePaths(a.client.call('jobs.update', { id: job.id, assigned_user_ids: users }))).toEqual(['assigned_user_ids']);
      const series = { title: 'Weekly', rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'UTC', dtstart: '2026-07-06', assigned_user_ids: users };
      expect(await issuePaths(a.client.call('job_series.create', series))).toEqual(['assigned_user_ids']);
    });
  });

  describe('one line_items rule for every document (ObjectList)', () => {
    it('a line that is not an object is invalid_input naming line_items, the same in quotes, invoices, jobs and job series', async () => {
      const customer = await a.client.call('customers.create', { display_name: 'Lines' });
      const calls: [string, Record<string, unknown>][] = [
        ['quotes.create', { customer_id: customer.id, title: 'Quote' }],
        ['invoices.create', { customer_id: customer.id }],
        ['jobs.create', { title: 'Job' }],
        ['job_series.create', { title: 'Weekly', rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'UTC', dtstart: '2026-07-06' }],
      ];
      for (const [tool, args] of calls) {
        const err = await expectError(a.client.call(tool, { ...args, line_items: [1] }), 'invalid_input');
        expect(err.data.issues).toContainEqual(expect.objectContaining({ path: 'line_items', message: 'line_items value in line_items must be an object' }));
      }
    });
  });

  describe('one timestamp rule for every tool (C13)', () => {
    it('offsets of ±16:00 and more are the same instant in UTC, for jobs.create, jobs.update and jobs.list', async () => {
      const c = await a.client.call('customers.create', { display_name: 'Far east' });
      const job = await a.client.call('jobs.create', { title: 'Dateline', customer_id: c.id, scheduled_start: '2026-01-01T00:00:00+16:00' });
      expect(job.scheduled_start).toBe('2025-12-31T08:00:00.000Z');
      const updated = await a.client.call('jobs.update', { id: job.id, scheduled_end: '2025-12-31T00:30:00-23:59' });
      expect(updated.scheduled_end).toBe('2026-01-01T00:29:00.000Z');
      const list = (args: Record<string, unknown>) => a.client.call('jobs.list', { customerId: c.id, ...args }).then((p) => p.data.map((j: any) => j.id));
      expect(await list({ from: '2026-01-01T00:00:00+16:00', to: '2026-01-01T00:00:00+16:00' })).toEqual([job.id]);
      expect(await list({ from: '2025-12-30T20:00:00-12:00', to: '2025-12-31T08:00:00.000001Z' })).toEqual([job.id]);
      expect(await list({ from: '2026-01-01T00:00:01+16:00' })).toEqual([]);
      expect(await list({ to: '2025-12-31T07:59:59.999999Z' })).toEqual([]);
    });

    it('a timestamp no tool can take is invalid_input naming the field, the same in every tool', async () => {
      const bad = [
        '2026-01-01T00:00:00+24:00',
        '2026-01-01T00:00:00+16:60',
        '2026-01-01T00:00:00+99:00',
        '1900-01-01T00:00:00+00:01',
        '9999-12-31T23:00:00-01:00',
        '2026-01-01T00:00:00',
      ];
      const job = await a.client.call('jobs.create', { title: 'Target' });
      for (const v of bad) {
        expect(await issuePaths(a.client.call('jobs.create', { title: 'x', scheduled_start: v }))).toEqual(['scheduled_start']);
        expect(await issuePaths(a.client.call('jobs.update', { id: job.id, scheduled_end: v }))).toEqual(['scheduled_end']);
        expect(await issuePaths(a.client.call('jobs.list', { from: v }))).toEqual(['from']);
        expect(await issuePaths(a.client.call('jobs.list', { to: v }))).toEqual(['to']);
      }
    });
  });

  describe('nesting is bounded before the arguments are transformed (A3)', () => {
    const nested = (depth: number, leaf: unknown = 'x') => {
      let v = leaf;
      for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
      return v;
    };

    it('2,000 levels in customers.search q are invalid_input naming q, and nothing is logged as an error', async () => {
      const before = logLines.length;
      const err = await expectError(a.client.call('customers.search', { q: nested(2000) }), 'invalid_input');
      expect(err.data.issues).toHaveLength(1);
      expect(err.data.issues[0].path).toMatch(/^q(\.|$)/);
      expect(err.data.issues[0].message).toMatch(/nested too deeply/);
      expect(logLines.slice(before).join('')).not.toMatch(/"level":50|RangeError/);
    });

    it('the limit holds inside nested fields too, and ordinary nesting passes', async () => {
      const deepLine = await issuePaths(a.client.call('jobs.create', { title: 'x', line_items: [{ quantity: 1, description: nested(50) }] }));
      expect(deepLine).toHaveLength(1);
      expect(deepLine[0]).toMatch(/^line_items\.0\.description\./);
      const deepAddress = await issuePaths(a.client.call('customers.create', { display_name: 'x', billing_address: { line1: nested(3000) } }));
      expect(deepAddress[0]).toMatch(/^billing_address\.line1\./);
      const ok = await a.client.call('customers.create', { display_name: 'Flat', billing_address: { line1: '1 Main St' } });
      expect(ok.billing_address.line1).toBe('1 Main St');
    });
  });
});
