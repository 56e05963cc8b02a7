import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';
import { expectInvalid } from './support/money';

describe('money: tax rates', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    [a, b] = [await newTenant(t), await newTenant(t)];
  });
  afterAll(() => t.close());

  it('one default per tenant: setting it unsets the previous one; other tenants are untouched', async () => {
    const bx = await b.client.call('tax_rates.create', { name: 'B', rate: 5, is_default: true });
    const r1 = await a.client.call('tax_rates.create', { name: 'State', rate: 6.25, is_default: true });
    expect(r1).toMatchObject({ rate: 6.25, is_default: true, archived_at: null });
    const r2 = await a.client.call('tax_rates.create', { name: 'City', rate: 8.875, is_default: true });
    expect(await a.client.call('tax_rates.get', { id: r1.id })).toMatchObject({ is_default: false });
    expect(r2.is_default).toBe(true);
    await a.client.call('tax_rates.update', { id: r1.id, is_default: true });
    expect(await a.client.call('tax_rates.get', { id: r2.id })).toMatchObject({ is_default: false });
    const list = await a.client.call('tax_rates.list', {});
    expect(list.data.filter((r: any) => r.is_default).map((r: any) => r.id)).toEqual([r1.id]);
    expect(await b.client.call('tax_rates.get', { id: bx.id })).toMatchObject({ is_default: true });
    await expectError(b.client.call('tax_rates.get', { id: r1.id }), 'not_found');
  });

  it('concurrent default creations all succeed and leave exactly one default', async () => {
    const c = await newTenant(t);
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => c.client.call('tax_rates.create', { name: `R${i}`, rate: i, is_default: true })));
    expect(made).toHaveLength(6);
    const list = await c.client.call('tax_rates.list', {});
    expect(list.data.filter((r: any) => r.is_default)).toHaveLength(1);
  });

  it('the database itself refuses a second default', async () => {
    const r = await a.client.call('tax_rates.create', { name: 'X', rate: 1 });
    await expect(t.ds.query(`UPDATE tax_rates SET is_default = true WHERE tenant_id = $1`, [a.tenantId])).rejects.toThrow(/uq_tax_rates_tenant_default/);
    expect(r.is_default).toBe(false);
  });

  it('rates take up to 4 decimals in 0–100; bad input names the field', async () => {
    expect(await a.client.call('tax_rates.create', { name: 'Fine', rate: 7.1234 })).toMatchObject({ rate: 7.1234 });
    for (const [args, field] of [
      [{ name: 'X', rate: 7.12345 }, 'rate'],
      [{ name: 'X', rate: 100.5 }, 'rate'],
      [{ name: 'X', rate: -1 }, 'rate'],
      [{ name: '', rate: 1 }, 'name'],
      [{ name: 'X' }, 'rate'],
    ] as const) {
      await expectInvalid(a.client.call('tax_rates.create', args), field);
    }
  });

  it('archive hides the rate; update archived:false restores it', async () => {
    const r = await a.client.call('tax_rates.create', { name: 'Old', rate: 3 });
    expect((await a.client.call('tax_rates.archive', { id: r.id })).archived_at).not.toBeNull();
    expect((await a.client.call('tax_rates.list', {})).data.map((x: any) => x.id)).not.toContain(r.id);
    expect((await a.client.call('tax_rates.list', { includeArchived: true })).data.map((x: any) => x.id)).toContain(r.id);
    expect((await a.client.call('tax_rates.update', { id: r.id, archived: false })).archived_at).toBeNull();
  });
});
