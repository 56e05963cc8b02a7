import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

describe('customers', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  it('creates a customer with every field, trimmed, and gets it back', async () => {
    const c = await a.client.call('customers.create', {
      display_name: '  Ada Henderson  ',
      first_name: 'Ada',
      last_name: 'Henderson',
      company_name: 'Henderson Plumbing',
      email: 'ada@henderson.example',
      phone: '+1 555 0100',
      billing_address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
    });
    expect(c).toMatchObject({
      display_name: 'Ada Henderson',
      company_name: 'Henderson Plumbing',
      tenant_id: a.tenantId,
      created_by: a.userId,
      archived_at: null,
      billing_address: { line1: '1 Main St', country: 'US' },
    });
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(c.created_at).toISOString()).toBe(c.created_at);
    expect(await a.client.call('customers.get', { id: c.id })).toMatchObject({ id: c.id, display_name: 'Ada Henderson', email: 'ada@henderson.example' });
  });

  describe('bad input is invalid_input naming the field', () => {
    it.each([
      ['display_name missing', {}, 'display_name'],
      ['display_name empty after trimming', { display_name: '   ' }, 'display_name'],
      ['display_name too long', { display_name: 'x'.repeat(201) }, 'display_name'],
      ['display_name not a string', { display_name: 42 }, 'display_name'],
      ['email not an email', { display_name: 'A', email: 'not-an-email' }, 'email'],
      ['phone too long', { display_name: 'A', phone: '1'.repeat(41) }, 'phone'],
      ['company_name too long', { display_name: 'A', company_name: 'c'.repeat(201) }, 'company_name'],
      ['billing_address not an object', { display_name: 'A', billing_address: 'Main St' }, 'billing_address'],
      ['country not alpha-2', { display_name: 'A', billing_address: { country: 'USA' } }, 'billing_address.country'],
      ['an unknown address field', { display_name: 'A', billing_address: { street: 'x' } }, 'billing_address.street'],
      ['an unknown field', { display_name: 'A', favourite_color: 'red' }, 'favourite_color'],
      ['a total-looking extra field', { display_name: 'A', tenant_id: '00000000-0000-0000-0000-000000000000' }, 'tenant_id'],
    ])('%s', async (_label, args, path) => {
      const err = await expectError(a.client.call('customers.create', args), 'invalid_input');
      expect(err.code).toBe(-32602);
      expect(err.data.issues.map((i: any) => i.path)).toContain(path);
      expect(err.message).toContain(path);
    });

    it('get with an id that is not a UUID', async () => {
      const err = await expectError(a.client.call('customers.get', { id: '42' }), 'invalid_input');
      expect(err.data.issues[0].path).toBe('id');
    });

    it('update with display_name null', async () => {
      const c = await a.client.call('customers.create', { display_name: 'Keep me' });
      const err = await expectError(a.client.call('customers.update', { id: c.id, display_name: null }), 'invalid_input');
      expect(err.data.issues[0].path).toBe('display_name');
    });

    it('search with page 0 or a non-integer page', async () => {
      await expectError(a.client.call('customers.search', { page: 0 }), 'invalid_input');
      await expectError(a.client.call('customers.search', { page: 1.5 }), 'invalid_input');
      await expectError(a.client.call('customers.search', { includeArchived: 'yes' }), 'invalid_input');
    });
  });

  it('update changes only the fields sent, and null clears an optional field', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Bo', email: 'bo@x.example', phone: '555' });
    const u = await a.client.call('customers.update', { id: c.id, phone: null, company_name: 'Bo & Co' });
    expect(u).toMatchObject({ display_name: 'Bo', email: 'bo@x.example', phone: null, company_name: 'Bo & Co' });
    expect(new Date(u.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(c.updated_at).getTime());
  });

  it('billing_address comes back with every field, null where not given; update replaces it wholesale', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Partial', billing_address: { line1: '9 Elm St', country: 'US' } });
    expect(c.billing_address).toEqual({ line1: '9 Elm St', line2: null, city: null, region: null, postal_code: null, country: 'US' });
    const u = await a.client.call('customers.update', { id: c.id, billing_address: { city: 'Springfield' } });
    expect(u.billing_address).toEqual({ line1: null, line2: null, city: 'Springfield', region: null, postal_code: null, country: null });
    expect((await a.client.call('customers.update', { id: c.id, billing_address: null })).billing_address).toBeNull();
  });

  it('search: substring of name, company, email or phone, case-insensitive, sorted by display name, paged', async () => {
    const b = await newTenant(t);
    await b.client.call('customers.create', { display_name: 'Zed Quartz' });
    await b.client.call('customers.create', { display_name: 'Amy', company_name: 'QUARTZ Lawn' });
    await b.client.call('customers.create', { display_name: 'Mo', email: 'mo@quartz.example' });
    await b.client.call('customers.create', { display_name: 'Pat', phone: '555-QuArTz' });
    await b.client.call('customers.create', { display_name: 'Nobody' });
    const res = await b.client.call('customers.search', { q: 'quartz' });
    expect(res.data.map((c: any) => c.display_name)).toEqual(['Amy', 'Mo', 'Pat', 'Zed Quartz']);
    expect(res).toMatchObject({ count: 4, page: 1, limit: 20 });
    // % and _ are literal characters, not wildcards
    expect((await b.client.call('customers.search', { q: '%' })).count).toBe(0);
    for (let i = 0; i < 22; i++) await b.client.call('customers.create', { display_name: `Bulk ${String(i).padStart(2, '0')}` });
    const p1 = await b.client.call('customers.search', { q: 'bulk' });
    const p2 = await b.client.call('customers.search', { q: 'bulk', page: 2 });
    expect(p1.data).toHaveLength(20);
    expect(p2.data.map((c: any) => c.display_name)).toEqual(['Bulk 20', 'Bulk 21']);
    expect(p2).toMatchObject({ count: 22, page: 2, limit: 20 });
  });

  it('archive hides from search unless includeArchived; update {archived:false} restores', async () => {
    const b = await newTenant(t);
    const c = await b.client.call('customers.create', { display_name: 'Gone Soon' });
    const archived = await b.client.call('customers.archive', { id: c.id });
    expect(archived.archived_at).not.toBeNull();
    // archiving twice keeps the first time
    expect((await b.client.call('customers.archive', { id: c.id })).archived_at).toBe(archived.archived_at);
    expect((await b.client.call('customers.search', {})).count).toBe(0);
    expect((await b.client.call('customers.search', { includeArchived: true })).data[0].id).toBe(c.id);
    expect((await b.client.call('customers.get', { id: c.id })).archived_at).toBe(archived.archived_at);
    const restored = await b.client.call('customers.update', { id: c.id, archived: false });
    expect(restored.archived_at).toBeNull();
    expect((await b.client.call('customers.search', {})).count).toBe(1);
  });

  it("another tenant's customer is not_found for get, update and archive, and never listed", async () => {
    const b = await newTenant(t);
    const mine = await a.client.call('customers.create', { display_name: 'Private Person' });
    const e1 = await expectError(b.client.call('customers.get', { id: mine.id }), 'not_found');
    expect(e1.code).toBe(-32004);
    await expectError(b.client.call('customers.update', { id: mine.id, display_name: 'Hijacked' }), 'not_found');
    await expectError(b.client.call('customers.archive', { id: mine.id }), 'not_found');
    expect((await b.client.call('customers.search', { q: 'Private Person' })).count).toBe(0);
    const still = await a.client.call('customers.get', { id: mine.id });
    expect(still).toMatchObject({ display_name: 'Private Person', archived_at: null });
  });

  it('an unknown id is not_found', async () => {
    await expectError(a.client.call('customers.get', { id: '6f1c1d3e-0000-4000-8000-000000000000' }), 'not_found');
  });

  it('SQL-looking input is stored as text', async () => {
    const c = await a.client.call('customers.create', { display_name: "Robert'); DROP TABLE customers;--" });
    expect((await a.client.call('customers.get', { id: c.id })).display_name).toBe("Robert'); DROP TABLE customers;--");
  });
});
