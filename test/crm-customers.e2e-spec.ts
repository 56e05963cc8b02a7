import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

const paths = (err: any) => err.data.issues.map((i: any) => i.path);

const CRM_TOOLS = ['customers', 'contacts', 'locations', 'tags', 'notes'].flatMap((e) =>
  (e === 'customers'
    ? ['search', 'get', 'create', 'update', 'archive']
    : e === 'tags'
      ? ['list', 'get', 'create', 'update', 'delete']
      : ['list', 'get', 'create', 'update', 'archive']
  ).map((v) => `${e}.${v}`),
);

describe('customers with tags, contacts and locations', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    [a, b] = await Promise.all([newTenant(t), newTenant(t)]);
  });
  afterAll(() => t.close());

  it('create and update take tag_ids (replaced wholesale); get embeds tags, contacts and locations', async () => {
    const [vip, res, com] = await Promise.all(['VIP', 'Residential', 'Commercial'].map((name) => a.client.call('tags.create', { name })));
    const c = await a.client.call('customers.create', { display_name: 'Tagged', tag_ids: [vip.id, res.id] });
    expect(c.tags.map((x: any) => x.name)).toEqual(['Residential', 'VIP']);
    const u = await a.client.call('customers.update', { id: c.id, tag_ids: [com.id] });
    expect(u.tags.map((x: any) => x.id)).toEqual([com.id]);
    const same = await a.client.call('customers.update', { id: c.id, phone: '555' });
    expect(same.tags.map((x: any) => x.id)).toEqual([com.id]);

    const k1 = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Zed', is_primary: true });
    const k2 = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Amy' });
    const gone = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Gone' });
    await a.client.call('contacts.archive', { id: gone.id });
    const l1 = await a.client.call('locations.create', { customer_id: c.id, line1: '1 Main' });
    const l2 = await a.client.call('locations.create', { customer_id: c.id, line1: '2 Main' });
    await a.client.call('locations.archive', { id: l2.id });

    const got = await a.client.call('customers.get', { id: c.id });
    expect(got).toMatchObject({ id: c.id, display_name: 'Tagged', phone: '555' });
    expect(got.tags.map((x: any) => x.id)).toEqual([com.id]);
    expect(got.contacts.map((x: any) => x.id)).toEqual([k1.id, k2.id]);
    expect(got.locations.map((x: any) => x.id)).toEqual([l1.id]);

    const cleared = await a.client.call('customers.update', { id: c.id, tag_ids: [] });
    expect(cleared.tags).toEqual([]);
    expect((await a.client.call('customers.get', { id: c.id })).tags).toEqual([]);
  });

  it('search filters by tagId; deleting a tag detaches it everywhere', async () => {
    const tag = await a.client.call('tags.create', { name: `Gold-${Date.now()}` });
    const x = await a.client.call('customers.create', { display_name: 'Gold One', tag_ids: [tag.id] });
    const y = await a.client.call('customers.create', { display_name: 'Gold Two', tag_ids: [tag.id] });
    await a.client.call('customers.create', { display_name: 'Plain' });
    const found = await a.client.call('customers.search', { tagId: tag.id });
    expect(found.data.map((r: any) => r.id)).toEqual([x.id, y.id]);
    expect(found.count).toBe(2);
    expect((await a.client.call('customers.search', { tagId: tag.id, q: 'two' })).data.map((r: any) => r.id)).toEqual([y.id]);
    await a.client.call('customers.archive', { id: y.id });
    expect((await a.client.call('customers.search', { tagId: tag.id })).count).toBe(1);
    expect((await a.client.call('customers.search', { tagId: tag.id, includeArchived: true })).count).toBe(2);

    await a.client.call('tags.delete', { id: tag.id });
    expect((await a.client.call('customers.get', { id: x.id })).tags).toEqual([]);
    expect((await a.client.call('customers.search', { tagId: tag.id, includeArchived: true })).count).toBe(0);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM customer_tags WHERE tag_id = $1`, [tag.id]);
    expect(n).toBe(0);
  });

  it('bad tag_ids and tagId are invalid_input naming the field', async () => {
    expect(paths(await expectError(a.client.call('customers.create', { display_name: 'x', tag_ids: 'vip' }), 'invalid_input'))).toContain('tag_ids');
    const e = await expectError(a.client.call('customers.create', { display_name: 'x', tag_ids: ['nope'] }), 'invalid_input');
    expect(paths(e).some((p: string) => p.startsWith('tag_ids'))).toBe(true);
    const missing = '00000000-0000-4000-8000-000000000000';
    const tag = await a.client.call('tags.create', { name: `T-${Date.now()}` });
    expect(paths(await expectError(a.client.call('customers.create', { display_name: 'x', tag_ids: [tag.id, missing] }), 'invalid_input'))).toEqual(['tag_ids.1']);
    expect(paths(await expectError(a.client.call('customers.search', { tagId: 'vip' }), 'invalid_input'))).toContain('tagId');
    // nothing was written by the failed create
    expect((await a.client.call('customers.search', { tagId: tag.id })).count).toBe(0);
  });

  it("cross-tenant: another tenant's tag cannot be put on a customer, nor is the customer visible", async () => {
    const tb = await b.client.call('tags.create', { name: 'B tag' });
    const cb = await b.client.call('customers.create', { display_name: 'B cust', tag_ids: [tb.id] });
    const ca = await a.client.call('customers.create', { display_name: 'A cust' });
    expect(paths(await expectError(a.client.call('customers.update', { id: ca.id, tag_ids: [tb.id] }), 'invalid_input'))).toEqual(['tag_ids.0']);
    expect(paths(await expectError(a.client.call('customers.create', { display_name: 'x', tag_ids: [tb.id] }), 'invalid_input'))).toEqual(['tag_ids.0']);
    expect((await a.client.call('customers.search', { tagId: tb.id })).count).toBe(0);
    await expectError(a.client.call('customers.get', { id: cb.id }), 'not_found');
    // the schema refuses a cross-tenant link too
    await expect(t.ds.query(`INSERT INTO customer_tags (tenant_id, customer_id, tag_id) VALUES ($1, $2, $3)`, [a.tenantId, ca.id, tb.id])).rejects.toThrow(/fk_customer_tags_tag/);
  });

  it('tools/list shows all 25 CRM tools with schemas and annotations', async () => {
    const tools = await a.client.tools();
    const crm = tools.filter((x: any) => CRM_TOOLS.includes(x.name));
    expect(crm.map((x: any) => x.name).sort()).toEqual([...CRM_TOOLS].sort());
    expect(crm).toHaveLength(25);
    for (const tool of crm) {
      expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(typeof tool.description).toBe('string');
      expect(tool.annotations).toBeDefined();
    }
    const byName = Object.fromEntries(crm.map((x: any) => [x.name, x]));
    expect(byName['customers.create'].inputSchema.properties.tag_ids).toMatchObject({ type: 'array' });
    expect(byName['customers.search'].inputSchema.properties.tagId).toBeDefined();
    expect(byName['notes.create'].inputSchema.properties).toHaveProperty('customer_id');
    expect(byName['notes.create'].inputSchema.properties).toHaveProperty('job_id');
    expect(byName['locations.create'].inputSchema.required).toEqual(expect.arrayContaining(['customer_id', 'line1']));
    expect(byName['tags.create'].inputSchema.required).toEqual(['name']);
  });
});
