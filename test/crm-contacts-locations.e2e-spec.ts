import { expectError, newTenant, startApp, tenantKey, TestApp, TestTenant } from './support/app';

const paths = (err: any) => err.data.issues.map((i: any) => i.path);

describe('contacts and locations', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    [a, b] = await Promise.all([newTenant(t), newTenant(t)]);
  });
  afterAll(() => t.close());
  const customer = (tt: TestTenant, name = 'Acme') => tt.client.call('customers.create', { display_name: name });

  describe('contacts', () => {
    it('creates, gets, lists (primary first), updates and archives/restores', async () => {
      const c = await customer(a);
      const dana = await a.client.call('contacts.create', { customer_id: c.id, first_name: '  Dana ', last_name: 'Diaz', email: 'dana@x.example', title: 'Owner' });
      expect(dana).toMatchObject({ customer_id: c.id, first_name: 'Dana', last_name: 'Diaz', is_primary: false, archived_at: null, tenant_id: a.tenantId });
      const ben = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Ben', is_primary: true });
      expect(ben.is_primary).toBe(true);
      expect(await a.client.call('contacts.get', { id: dana.id })).toMatchObject({ id: dana.id, email: 'dana@x.example' });
      let list = await a.client.call('contacts.list', { customerId: c.id });
      expect(list).toMatchObject({ count: 2, page: 1, limit: 20 });
      expect(list.data.map((x: any) => x.id)).toEqual([ben.id, dana.id]);
      expect((await a.client.call('contacts.list', { q: 'diaz' })).data.map((x: any) => x.id)).toEqual([dana.id]);
      const u = await a.client.call('contacts.update', { id: dana.id, title: null, phone: '555' });
      expect(u).toMatchObject({ title: null, phone: '555', first_name: 'Dana' });
      const arch = await a.client.call('contacts.archive', { id: dana.id });
      expect(arch.archived_at).not.toBeNull();
      list = await a.client.call('contacts.list', { customerId: c.id });
      expect(list.data.map((x: any) => x.id)).toEqual([ben.id]);
      expect((await a.client.call('contacts.list', { customerId: c.id, includeArchived: true })).count).toBe(2);
      const restored = await a.client.call('contacts.update', { id: dana.id, archived: false });
      expect(restored.archived_at).toBeNull();
      expect((await a.client.call('contacts.list', { customerId: c.id })).count).toBe(2);
    });

    it('one primary per customer: setting it unsets the others (create and update)', async () => {
      const c = await customer(a);
      const other = await customer(a, 'Other');
      const otherPrimary = await a.client.call('contacts.create', { customer_id: other.id, first_name: 'O', is_primary: true });
      const x = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'X', is_primary: true });
      const y = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'Y', is_primary: true });
      expect((await a.client.call('contacts.get', { id: x.id })).is_primary).toBe(false);
      expect(y.is_primary).toBe(true);
      await a.client.call('contacts.update', { id: x.id, is_primary: true });
      expect((await a.client.call('contacts.get', { id: y.id })).is_primary).toBe(false);
      expect((await a.client.call('contacts.get', { id: x.id })).is_primary).toBe(true);
      expect((await a.client.call('contacts.get', { id: otherPrimary.id })).is_primary).toBe(true);
    });

    it('one primary per customer holds under concurrent writes, and in the schema itself', async () => {
      const c = await customer(a);
      const made = await Promise.all([1, 2, 3, 4].map((i) => a.client.call('contacts.create', { customer_id: c.id, first_name: `P${i}`, is_primary: true })));
      expect(made).toHaveLength(4);
      const list = await a.client.call('contacts.list', { customerId: c.id });
      expect(list.data.filter((x: any) => x.is_primary)).toHaveLength(1);
      await expect(t.ds.query(`UPDATE contacts SET is_primary = true WHERE customer_id = $1`, [c.id])).rejects.toThrow(/uq_contacts_one_primary/);
    });

    it('customer_id is immutable: update refuses it', async () => {
      const c = await customer(a);
      const c2 = await customer(a, 'Two');
      const k = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'K' });
      const err = await expectError(a.client.call('contacts.update', { id: k.id, customer_id: c2.id }), 'invalid_input');
      expect(paths(err)).toContain('customer_id');
      expect((await a.client.call('contacts.get', { id: k.id })).customer_id).toBe(c.id);
    });

    it.each([
      ['customer_id missing', { customer_id: undefined, first_name: 'A' }, 'customer_id'],
      ['customer_id not a uuid', { customer_id: 'x', first_name: 'A' }, 'customer_id'],
      ['first_name missing', {}, 'first_name'],
      ['first_name blank', { first_name: '   ' }, 'first_name'],
      ['first_name too long', { first_name: 'f'.repeat(101) }, 'first_name'],
      ['email invalid', { first_name: 'A', email: 'nope' }, 'email'],
      ['title too long', { first_name: 'A', title: 't'.repeat(101) }, 'title'],
      ['is_primary not a boolean', { first_name: 'A', is_primary: 'yes' }, 'is_primary'],
      ['unknown field', { first_name: 'A', role: 'boss' }, 'role'],
    ])('create: %s is invalid_input naming the field', async (_l, args, path) => {
      const c = await customer(a);
      const err = await expectError(a.client.call('contacts.create', { customer_id: c.id, ...args }), 'invalid_input');
      expect(paths(err)).toContain(path);
    });

    it('bad input on list, get and update', async () => {
      expect(paths(await expectError(a.client.call('contacts.get', { id: 'nope' }), 'invalid_input'))).toContain('id');
      expect(paths(await expectError(a.client.call('contacts.list', { customerId: 'nope' }), 'invalid_input'))).toContain('customerId');
      expect(paths(await expectError(a.client.call('contacts.list', { page: 0 }), 'invalid_input'))).toContain('page');
      const c = await customer(a);
      const k = await a.client.call('contacts.create', { customer_id: c.id, first_name: 'K' });
      expect(paths(await expectError(a.client.call('contacts.update', { id: k.id, first_name: null }), 'invalid_input'))).toContain('first_name');
      expect(paths(await expectError(a.client.call('contacts.update', { id: k.id, archived: 'no' }), 'invalid_input'))).toContain('archived');
      await expectError(a.client.call('contacts.get', { id: '00000000-0000-4000-8000-000000000000' }), 'not_found');
    });

    it('cross-tenant: reads, writes and references', async () => {
      const cb = await customer(b);
      const kb = await b.client.call('contacts.create', { customer_id: cb.id, first_name: 'Secret' });
      await expectError(a.client.call('contacts.get', { id: kb.id }), 'not_found');
      await expectError(a.client.call('contacts.update', { id: kb.id, first_name: 'Hacked' }), 'not_found');
      await expectError(a.client.call('contacts.archive', { id: kb.id }), 'not_found');
      expect((await a.client.call('contacts.list', { customerId: cb.id })).count).toBe(0);
      expect((await a.client.call('contacts.list', { q: 'Secret' })).count).toBe(0);
      const err = await expectError(a.client.call('contacts.create', { customer_id: cb.id, first_name: 'X' }), 'invalid_input');
      expect(paths(err)).toEqual(['customer_id']);
      expect((await b.client.call('contacts.get', { id: kb.id })).first_name).toBe('Secret');
      // the schema itself refuses a contact pointing at another tenant's customer
      await expect(t.ds.query(`INSERT INTO contacts (tenant_id, customer_id, first_name) VALUES ($1, $2, 'X')`, [a.tenantId, cb.id])).rejects.toThrow(/fk_contacts_customer/);
    });

    it('works with a tenant key too (not a user-actor tool)', async () => {
      const k = await tenantKey(t, a.tenantId);
      const c = await customer(a);
      expect(await k.call('contacts.create', { customer_id: c.id, first_name: 'TK' })).toMatchObject({ first_name: 'TK' });
    });
  });

  describe('locations', () => {
    it('creates with defaults, gets, lists, updates, archives and restores', async () => {
      const c = await customer(a);
      const l = await a.client.call('locations.create', { customer_id: c.id, line1: ' 1 Main St ', city: 'Springfield', label: 'HQ' });
      expect(l).toMatchObject({ customer_id: c.id, line1: '1 Main St', country: 'US', latitude: null, longitude: null, archived_at: null });
      const l2 = await a.client.call('locations.create', {
        customer_id: c.id,
        line1: '2 Rue X',
        country: 'fr',
        latitude: 48.856613,
        longitude: 2.352222,
        access_notes: 'Gate code 1234',
      });
      expect(l2).toMatchObject({ country: 'FR', latitude: 48.856613, longitude: 2.352222 });
      expect(await a.client.call('locations.get', { id: l2.id })).toMatchObject({ latitude: 48.856613, access_notes: 'Gate code 1234' });
      const list = await a.client.call('locations.list', { customerId: c.id });
      expect(list.count).toBe(2);
      expect((await a.client.call('locations.list', { q: 'rue x' })).data.map((x: any) => x.id)).toEqual([l2.id]);
      const u = await a.client.call('locations.update', { id: l2.id, latitude: null, longitude: null, label: 'Paris' });
      expect(u).toMatchObject({ latitude: null, longitude: null, label: 'Paris' });
      await a.client.call('locations.archive', { id: l.id });
      expect((await a.client.call('locations.list', { customerId: c.id })).data.map((x: any) => x.id)).toEqual([l2.id]);
      expect((await a.client.call('locations.list', { customerId: c.id, includeArchived: true })).count).toBe(2);
      expect((await a.client.call('locations.update', { id: l.id, archived: false })).archived_at).toBeNull();
      expect((await a.client.call('locations.list', { customerId: c.id })).count).toBe(2);
    });

    it.each([
      ['line1 missing', {}, 'line1'],
      ['line1 blank', { line1: '  ' }, 'line1'],
      ['country not alpha-2', { line1: 'x', country: 'USA' }, 'country'],
      ['country unknown code', { line1: 'x', country: 'ZZ' }, 'country'],
      ['latitude out of range', { line1: 'x', latitude: 91, longitude: 0 }, 'latitude'],
      ['longitude out of range', { line1: 'x', latitude: 0, longitude: -181 }, 'longitude'],
      ['latitude without longitude', { line1: 'x', latitude: 10 }, 'longitude'],
      ['longitude without latitude', { line1: 'x', longitude: 10 }, 'latitude'],
      ['latitude not a number', { line1: 'x', latitude: '10', longitude: 1 }, 'latitude'],
      ['label too long', { line1: 'x', label: 'l'.repeat(101) }, 'label'],
      ['access_notes too long', { line1: 'x', access_notes: 'a'.repeat(2001) }, 'access_notes'],
      ['customer_id not a uuid', { line1: 'x', customer_id: 'c' }, 'customer_id'],
    ])('create: %s is invalid_input naming the field', async (_l, args, path) => {
      const c = await customer(a);
      const err = await expectError(a.client.call('locations.create', { customer_id: c.id, ...args }), 'invalid_input');
      expect(paths(err)).toContain(path);
    });

    it('update: coordinates judged on the saved row; customer_id immutable', async () => {
      const c = await customer(a);
      const l = await a.client.call('locations.create', { customer_id: c.id, line1: 'x', latitude: 1, longitude: 2 });
      expect(paths(await expectError(a.client.call('locations.update', { id: l.id, latitude: null }), 'invalid_input'))).toContain('latitude');
      expect(paths(await expectError(a.client.call('locations.update', { id: l.id, customer_id: c.id }), 'invalid_input'))).toContain('customer_id');
      expect(paths(await expectError(a.client.call('locations.update', { id: l.id, line1: null }), 'invalid_input'))).toContain('line1');
      expect(await a.client.call('locations.update', { id: l.id, latitude: -90 })).toMatchObject({ latitude: -90, longitude: 2 });
    });

    it('cross-tenant: reads, writes and references', async () => {
      const cb = await customer(b);
      const lb = await b.client.call('locations.create', { customer_id: cb.id, line1: 'Secret St' });
      await expectError(a.client.call('locations.get', { id: lb.id }), 'not_found');
      await expectError(a.client.call('locations.update', { id: lb.id, line1: 'x' }), 'not_found');
      await expectError(a.client.call('locations.archive', { id: lb.id }), 'not_found');
      expect((await a.client.call('locations.list', { q: 'Secret' })).count).toBe(0);
      expect(paths(await expectError(a.client.call('locations.create', { customer_id: cb.id, line1: 'x' }), 'invalid_input'))).toEqual(['customer_id']);
      await expect(t.ds.query(`INSERT INTO locations (tenant_id, customer_id, line1) VALUES ($1, $2, 'X')`, [a.tenantId, cb.id])).rejects.toThrow(/fk_locations_customer/);
    });
  });
});
