import { seedWorld, World } from './support/world';
import { McpTestClient, RpcResponse, startApp, TestApp } from './support/app';

// Issue 14, B8 and B9: a scope bounds what a key can change AND read, also through side effects.
// The rule (README, "Scopes"): a call that reads or changes records of another entity than its
// tool's needs that entity's scope too; without it, HTTP 403 insufficient_scope naming the scope,
// in the same shape as a missing tool scope, and nothing is written.

describe('scopes across entities (issue 14 B8, B9)', () => {
  let t: TestApp;
  let w: World;
  let owner: McpTestClient;
  const ids = () => w.ids;

  beforeAll(async () => {
    t = await startApp();
    w = await seedWorld(t);
    owner = w.tenant.client;
  });
  afterAll(() => t.close());

  /** A user key of the world's tenant with exactly these scopes. */
  const keyWith = async (...scopes: string[]) => t.client((await t.tenancy.issueKey({ tenantId: w.tenant.tenantId, userId: w.tenant.userId, scopes })).token);

  const call = (c: McpTestClient, name: string, args: Record<string, unknown>) => c.rpc('tools/call', { name, arguments: args });

  function expect403(res: RpcResponse, scope: string) {
    if (res.status !== 403) throw new Error(`expected 403 ${scope}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    // the contract's challenge, then where to step up the token's scopes (issue 15, B6)
    expect(res.headers.get('www-authenticate')).toMatch(new RegExp(`^Bearer error="insufficient_scope", scope="${scope}", resource_metadata="[^"]+/api/mcp"$`));
    expect(res.body.error.code).toBe(-32003);
    expect(res.body.error.data).toEqual({ kind: 'insufficient_scope', required_scope: scope });
    expect(res.body.error.message).toContain(scope);
  }
  const expectOk = (res: RpcResponse) => {
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    return res.body.result.structuredContent;
  };

  const newSeries = async () =>
    (await owner.call('job_series.create', { title: 'Weekly', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: new Date().toISOString().slice(0, 10) })).id as string;
  /** the series' jobs that ending it cancels: scheduled from now on */
  const scheduledJobs = async (seriesId: string) =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM jobs WHERE series_id = $1 AND status = 'scheduled' AND scheduled_start >= now()`, [seriesId]))[0].n as number;
  const planArgs = (extra: Record<string, unknown> = {}) => ({
    customer_id: ids().customers,
    name: 'Care',
    price: 10,
    billing_frequency: 'monthly',
    starts_on: '2026-12-01',
    ...extra,
  });

  describe('B8: plans and the job series they link', () => {
    it('plans.create with job_series_id needs write:job_series; nothing is created without it', async () => {
      const seriesId = await newSeries();
      const plansOnly = await keyWith('write:plans', 'read:plans');
      expect403(await call(plansOnly, 'plans.create', planArgs({ name: 'Linked', job_series_id: seriesId })), 'write:job_series');
      expect((await owner.call('plans.list', { customerId: ids().customers })).data.map((p: any) => p.name)).not.toContain('Linked');
      // without a series, write:plans is enough
      expectOk(await call(plansOnly, 'plans.create', planArgs({ name: 'Unlinked' })));
      const both = await keyWith('write:plans', 'write:job_series');
      expect(expectOk(await call(both, 'plans.create', planArgs({ job_series_id: seriesId }))).job_series_id).toBe(seriesId);
    });

    it('plans.update linking a series needs write:job_series', async () => {
      const seriesId = await newSeries();
      const plan = await owner.call('plans.create', planArgs());
      expect403(await call(await keyWith('write:plans'), 'plans.update', { id: plan.id, job_series_id: seriesId }), 'write:job_series');
      expect((await owner.call('plans.get', { id: plan.id })).job_series_id).toBeNull();
      expectOk(await call(await keyWith('write:plans'), 'plans.update', { id: plan.id, price: 12 }));
    });

    it('plans.cancel that would end a linked series needs write:job_series and write:jobs; without them nothing changes', async () => {
      const seriesId = await newSeries();
      const plan = await owner.call('plans.create', planArgs({ job_series_id: seriesId }));
      const before = await scheduledJobs(seriesId);
      expect(before).toBeGreaterThan(10);
      expect403(await call(await keyWith('write:plans'), 'plans.cancel', { id: plan.id }), 'write:job_series');
      expect403(await call(await keyWith('write:plans', 'write:job_series'), 'plans.cancel', { id: plan.id }), 'write:jobs');
      expect((await owner.call('plans.get', { id: plan.id })).status).toBe('active');
      expect((await owner.call('job_series.get', { id: seriesId })).ends_on).toBeNull();
      expect(await scheduledJobs(seriesId)).toBe(before);
      expect(expectOk(await call(await keyWith('write:plans', 'write:job_series', 'write:jobs'), 'plans.cancel', { id: plan.id })).status).toBe('cancelled');
      expect(await scheduledJobs(seriesId)).toBe(0);
    });

    it('plans.cancel of a plan without a series (or whose series has ended) needs write:plans only', async () => {
      const plan = await owner.call('plans.create', planArgs());
      expectOk(await call(await keyWith('write:plans'), 'plans.cancel', { id: plan.id }));
      const seriesId = await newSeries();
      const linked = await owner.call('plans.create', planArgs({ job_series_id: seriesId }));
      await owner.call('job_series.end', { id: seriesId });
      expectOk(await call(await keyWith('write:plans'), 'plans.cancel', { id: linked.id }));
    });
  });

  describe('B9: a tool that copies another entity needs its read scope', () => {
    it('invoices.create {job_id} needs read:jobs (it copies the job and its line items)', async () => {
      const res = await call(await keyWith('write:invoices'), 'invoices.create', { job_id: ids().jobs });
      expect403(res, 'read:jobs');
      expect(JSON.stringify(res.body)).not.toContain('Labour');
      const ok = expectOk(await call(await keyWith('write:invoices', 'read:jobs'), 'invoices.create', { job_id: ids().jobs }));
      expect(ok.line_items.map((l: any) => l.description)).toEqual(['Labour']);
    });

    it('jobs.create {quote_id} needs read:quotes (it copies the quote)', async () => {
      const res = await call(await keyWith('write:jobs', 'read:jobs'), 'jobs.create', { title: 'From quote', quote_id: w.extra.approved_quote });
      expect403(res, 'read:quotes');
      expect(JSON.stringify(res.body)).not.toContain('World Customer');
      expectOk(await call(await keyWith('write:jobs', 'read:jobs', 'read:quotes'), 'jobs.create', { title: 'From quote', quote_id: w.extra.approved_quote }));
    });

    it('a line that takes values from a catalog item needs read:catalog_items, in every tool with line items; naming it with every value given does not', async () => {
      const item = ids().catalog_items;
      const bare = [{ catalog_item_id: item, quantity: 1 }];
      const full = [{ catalog_item_id: item, description: 'Mine', unit_price: 5, quantity: 1 }];
      const fullDoc = [{ ...full[0], taxable: false }]; // document lines also take taxable from the item
      const cases: [string, string[], (lines: unknown[]) => Record<string, unknown>][] = [
        ['jobs.create', ['write:jobs', 'read:jobs'], (l) => ({ title: 'J', line_items: l })],
        ['jobs.update', ['write:jobs', 'read:jobs'], (l) => ({ id: ids().jobs, line_items: l })],
        ['job_series.create', ['write:job_series'], (l) => ({ title: 'S', rrule: 'FREQ=MONTHLY', timezone: 'UTC', dtstart: '2027-01-01', line_items: l })],
        ['job_series.update', ['write:job_series'], (l) => ({ id: ids().job_series, line_items: l })],
        ['quotes.create', ['write:quotes'], (l) => ({ customer_id: ids().customers, title: 'Q', line_items: l })],
        ['quotes.update', ['write:quotes'], (l) => ({ id: ids().quotes, line_items: l })],
        ['invoices.create', ['write:invoices'], (l) => ({ customer_id: ids().customers, line_items: l })],
        ['invoices.update', ['write:invoices'], (l) => ({ id: ids().invoices, line_items: l })],
      ];
      for (const [tool, scopes, args] of cases) {
        const key = await keyWith(...scopes);
        const res = await call(key, tool, args(bare));
        expect403(res, 'read:catalog_items');
        expect(JSON.stringify(res.body)).not.toContain('Tune-up');
        expectOk(await call(key, tool, args(tool.startsWith('job') ? full : fullDoc)));
        expectOk(await call(await keyWith(...scopes, 'read:catalog_items'), tool, args(bare)));
      }
    });

    it('a document that applies a tax rate needs read:tax_rates (its rate sets the tax)', async () => {
      const line = [{ description: 'x', unit_price: 100, quantity: 1, taxable: true }];
      const cases: [string, string, Record<string, unknown>][] = [
        ['quotes.create', 'write:quotes', { customer_id: ids().customers, title: 'Q', tax_rate_id: ids().tax_rates, line_items: line }],
        ['quotes.update', 'write:quotes', { id: ids().quotes, tax_rate_id: w.throwaway.tax_rates }],
        ['invoices.create', 'write:invoices', { customer_id: ids().customers, tax_rate_id: ids().tax_rates, line_items: line }],
        ['invoices.update', 'write:invoices', { id: ids().invoices, tax_rate_id: w.throwaway.tax_rates }],
      ];
      for (const [tool, scope, args] of cases) {
        expect403(await call(await keyWith(scope), tool, args), 'read:tax_rates');
        expectOk(await call(await keyWith(scope, 'read:tax_rates'), tool, args));
      }
    });
  });

  describe('B9: a result that shows another entity needs its read scope', () => {
    it("jobs.create/update/cancel return the job's customer {id, display_name}: read:jobs or read:customers", async () => {
      const writeOnly = await keyWith('write:jobs');
      const res = await call(writeOnly, 'jobs.create', { title: 'For a customer', customer_id: ids().customers });
      expect403(res, 'read:customers');
      expect(JSON.stringify(res.body)).not.toContain('World Customer');
      expectOk(await call(writeOnly, 'jobs.create', { title: 'No customer' }));
      const job = await owner.call('jobs.create', { title: 'Theirs', customer_id: ids().customers });
      expect403(await call(writeOnly, 'jobs.update', { id: job.id, title: 'Renamed' }), 'read:customers');
      expect403(await call(writeOnly, 'jobs.cancel', { id: job.id }), 'read:customers');
      expect((await owner.call('jobs.get', { id: job.id })).title).toBe('Theirs');
      for (const read of ['read:jobs', 'read:customers']) {
        const created = expectOk(await call(await keyWith('write:jobs', read), 'jobs.create', { title: 'Seen', customer_id: ids().customers }));
        expect(created.customer.display_name).toBe('World Customer');
      }
    });

    it('customers.create/update show the tags: read:tags when there are any', async () => {
      const writeOnly = await keyWith('write:customers');
      expect403(await call(writeOnly, 'customers.create', { display_name: 'Tagged', tag_ids: [ids().tags] }), 'read:tags');
      expect403(await call(writeOnly, 'customers.update', { id: ids().customers, company_name: 'x' }), 'read:tags'); // the world customer is tagged
      expectOk(await call(writeOnly, 'customers.create', { display_name: 'Untagged' }));
      expectOk(await call(await keyWith('write:customers', 'read:tags'), 'customers.create', { display_name: 'Tagged', tag_ids: [ids().tags] }));
    });

    it('customers.get shows tags, contacts and locations: each needs its read scope when there are any', async () => {
      const c = ids().customers;
      expect403(await call(await keyWith('read:customers'), 'customers.get', { id: c }), 'read:tags');
      expect403(await call(await keyWith('read:customers', 'read:tags'), 'customers.get', { id: c }), 'read:contacts');
      expect403(await call(await keyWith('read:customers', 'read:tags', 'read:contacts'), 'customers.get', { id: c }), 'read:locations');
      const got = expectOk(await call(await keyWith('read:customers', 'read:tags', 'read:contacts', 'read:locations'), 'customers.get', { id: c }));
      expect(got.contacts.length).toBeGreaterThan(0);
      const plain = await owner.call('customers.create', { display_name: 'Plain' });
      expectOk(await call(await keyWith('read:customers'), 'customers.get', { id: plain.id }));
    });
  });
});
