import { newTenant, startApp, TestApp, TestTenant, expectError } from './support/app';

// Incremental sync (issue 18): every list/search tool takes updated_since and sort "updated_at", every
// row carries updated_at, and (updated_at, id) is a cursor that misses no row changed while paging.
describe('incremental sync', () => {
  let t: TestApp;
  /** the list verb of every entity (customers: search), from the catalogue of an all-scopes key */
  let LISTS: string[];
  beforeAll(async () => {
    t = await startApp();
    LISTS = (await (await newTenant(t)).client.tools()).map((x) => x.name).filter((name) => /\.(list|search)$/.test(name));
  });
  afterAll(() => t.close());

  it('every list/search tool declares updated_since, sort and after', async () => {
    const a = await newTenant(t);
    const tools = await a.client.tools();
    expect(LISTS).toContain('customers.search');
    expect(LISTS.length).toBe(new Set(tools.map((x) => x.name.split('.')[0])).size);
    for (const name of LISTS) {
      const tool = tools.find((x) => x.name === name);
      expect([
        name,
        Object.keys(tool.inputSchema.properties)
          .filter((k) => ['updated_since', 'sort', 'after'].includes(k))
          .sort(),
      ]).toEqual([name, ['after', 'sort', 'updated_since']]);
      // every row of every list carries updated_at
      const rowSchema = tool.outputSchema.properties.data.items;
      expect([name, rowSchema.properties.updated_at?.format]).toEqual([name, 'date-time']);
    }
  });

  /** Everything changed since `since`, paged with the (updated_at, id) cursor. */
  async function pull(a: TestTenant, tool: string, since: string, extra: object = {}, onPage?: (n: number) => Promise<void>) {
    const rows: any[] = [];
    let cursor: { updated_since: string; after?: string } = { updated_since: since };
    for (let n = 0; n < 100; n++) {
      const page = await a.client.call(tool, { ...extra, sort: 'updated_at', ...cursor });
      rows.push(...page.data);
      if (page.data.length < 20) return rows;
      const last = page.data[page.data.length - 1];
      cursor = { updated_since: last.updated_at, after: last.id };
      await onPage?.(n);
    }
    throw new Error('sync did not end');
  }

  it('a sync sees every row once in change order, including rows changed while it pages, and archived rows with their status', async () => {
    const a = await newTenant(t);
    const since = new Date(Date.now() - 1000).toISOString();
    const made: any[] = [];
    for (let i = 0; i < 45; i++) made.push(await a.client.call('customers.create', { display_name: `Sync ${String(i).padStart(2, '0')}` }));
    // while the script pages, an early row changes: it moves behind the cursor and is seen again (never missed)
    const rows = await pull(a, 'customers.search', since, {}, async (n) => {
      if (n === 0) await a.client.call('customers.archive', { id: made[3].id });
    });
    const ids = rows.map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set(made.map((m) => m.id)));
    const last = rows.filter((r) => r.id === made[3].id).pop();
    expect(last.archived_at).not.toBeNull();
    // change order, ties by id
    for (let i = 1; i < rows.length; i++) {
      const [p, c] = [rows[i - 1], rows[i]];
      expect(p.updated_at < c.updated_at || (p.updated_at === c.updated_at && p.id < c.id)).toBe(true);
    }
    // the next run starts where this one ended: only what changed since
    const mark = rows[rows.length - 1].updated_at;
    const renamed = await a.client.call('customers.update', { id: made[10].id, display_name: 'Renamed' });
    const next = await a.client.call('customers.search', { updated_since: mark, sort: 'updated_at', after: rows[rows.length - 1].id });
    expect(next.data.map((r: any) => r.id)).toEqual([renamed.id]);
    // a plain search still hides archived customers; updated_since shows them unless includeArchived is false
    expect((await a.client.call('customers.search', {})).count).toBe(44);
    expect((await a.client.call('customers.search', { updated_since: since })).count).toBe(45);
    expect((await a.client.call('customers.search', { updated_since: since, includeArchived: false })).count).toBe(44);
  });

  it('jobs.list: updated_since, sort and the cursor; its default order is unchanged; cancelled jobs appear with their status', async () => {
    const a = await newTenant(t);
    const since = new Date(Date.now() - 1000).toISOString();
    const jobs: any[] = [];
    for (let i = 0; i < 23; i++) jobs.push(await a.client.call('jobs.create', { title: `J${i}`, scheduled_start: `2031-01-${String(28 - i).padStart(2, '0')}T09:00:00Z` }));
    await a.client.call('jobs.cancel', { id: jobs[0].id });
    const rows = await pull(a, 'jobs.list', since);
    expect(rows.map((r) => r.id)).toEqual([...jobs.slice(1).map((j) => j.id), jobs[0].id]);
    expect(rows[rows.length - 1]).toMatchObject({ status: 'cancelled', updated_at: expect.any(String) });
    const list = await a.client.call('jobs.list', {});
    expect(list.data[0].id).toBe(jobs[22].id); // earliest scheduled_start first, as before
    expect((await a.client.call('jobs.list', { updated_since: '2999-01-01T00:00:00Z' })).data).toEqual([]);
  });

  it('every other list takes the sync arguments', async () => {
    const a = await newTenant(t);
    const since = new Date(Date.now() - 1000).toISOString();
    const c = await a.client.call('customers.create', { display_name: 'Owner' });
    await a.client.call('tags.create', { name: 'Sync tag' });
    await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Ann' });
    await a.client.call('tax_rates.create', { name: 'Sync tax', rate: 5 });
    for (const name of LISTS) {
      const page = await a.client.call(name, { updated_since: since, sort: 'updated_at' });
      for (const row of page.data) expect(row.updated_at >= since).toBe(true);
      const future = await a.client.call(name, { updated_since: '2999-01-01T00:00:00Z', sort: 'updated_at' });
      expect([name, future.count]).toEqual([name, 0]);
    }
  });

  it("a change to what a record holds (a customer's tags, a quote's lines) moves its updated_at", async () => {
    const a = await newTenant(t);
    const c = await a.client.call('customers.create', { display_name: 'Tagged later' });
    const tag = await a.client.call('tags.create', { name: 'Later' });
    await new Promise((r) => setTimeout(r, 5));
    const tagged = await a.client.call('customers.update', { id: c.id, tag_ids: [tag.id] });
    expect(tagged.updated_at > c.updated_at).toBe(true);
    const q = await a.client.call('quotes.create', { customer_id: c.id, title: 'Q', line_items: [{ description: 'A', unit_price: 10, quantity: 1 }] });
    await new Promise((r) => setTimeout(r, 5));
    const same = await a.client.call('quotes.update', { id: q.id, line_items: [{ description: 'B', unit_price: 10, quantity: 1 }] });
    expect(same.updated_at > q.updated_at).toBe(true);
    const changed = await a.client.call('customers.search', { updated_since: tagged.updated_at, sort: 'updated_at' });
    expect(changed.data.map((r: any) => r.id)).toEqual([c.id]);
  });

  it('the cursor follows the shared input rules: an id in any case, a time with any offset', async () => {
    const a = await newTenant(t);
    const first = await a.client.call('customers.create', { display_name: 'Cursor A' });
    await a.client.call('customers.create', { display_name: 'Cursor B' });
    const base = { updated_since: first.updated_at, sort: 'updated_at' };
    const ids = async (args: Record<string, unknown>) => (await a.client.call('customers.search', args)).data.map((r: any) => r.id);
    const expected = await ids({ ...base, after: first.id });
    expect(await ids({ ...base, after: first.id.toUpperCase() })).toEqual(expected);
    // the same instant two hours east of UTC
    const t0 = new Date(first.updated_at);
    const east = `${new Date(t0.getTime() + 2 * 3600_000).toISOString().slice(0, 23)}+02:00`;
    expect(await ids({ ...base, updated_since: east, after: first.id })).toEqual(expected);
  });

  it('bad sync arguments are invalid_input naming the field', async () => {
    const a = await newTenant(t);
    const bad = async (args: Record<string, unknown>, field: string) => {
      const err = await expectError(a.client.call('invoices.list', args), 'invalid_input');
      expect(err.data.issues.map((i: any) => i.path)).toContain(field);
    };
    await bad({ updated_since: 'yesterday' }, 'updated_since');
    await bad({ sort: 'name' }, 'sort');
    await bad({ after: 'x' }, 'after');
  });
});
