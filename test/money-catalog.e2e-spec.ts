import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

describe('money: catalog categories and items', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    [a, b] = [await newTenant(t), await newTenant(t)];
  });
  afterAll(() => t.close());

  it('category names are unique per tenant ignoring case, but not across tenants', async () => {
    await a.client.call('catalog_categories.create', { name: 'Plumbing' });
    await expectError(a.client.call('catalog_categories.create', { name: ' plumbing ' }), 'conflict');
    await b.client.call('catalog_categories.create', { name: 'Plumbing' });
  });

  it('categories list by sort_order then name, filter by q, and change only what update sends', async () => {
    const c = await newTenant(t);
    const drains = await c.client.call('catalog_categories.create', { name: 'Drains', description: 'Rodding and jetting', sort_order: 2 });
    await c.client.call('catalog_categories.create', { name: 'Boilers', sort_order: 2 });
    await c.client.call('catalog_categories.create', { name: 'Zoning', sort_order: 1 });
    const page = await c.client.call('catalog_categories.list', {});
    expect(page).toMatchObject({ count: 3, page: 1, limit: 20 });
    expect(page.data.map((x: any) => x.name)).toEqual(['Zoning', 'Boilers', 'Drains']);
    expect((await c.client.call('catalog_categories.list', { q: 'RAIN' })).data.map((x: any) => x.id)).toEqual([drains.id]);
    const updated = await c.client.call('catalog_categories.update', { id: drains.id, description: null, sort_order: 0 });
    expect(updated).toMatchObject({ id: drains.id, name: 'Drains', description: null, sort_order: 0 });
    await expectError(c.client.call('catalog_categories.update', { id: drains.id, name: 'boilers' }), 'conflict');
  });

  it('deleting a category uncategorises its items', async () => {
    const c = await a.client.call('catalog_categories.create', { name: 'HVAC' });
    const i = await a.client.call('catalog_items.create', { name: 'Filter', unit_price: 12.5, kind: 'material', category_id: c.id });
    expect(i).toMatchObject({ category_id: c.id, unit_price: 12.5, taxable: true, kind: 'material' });
    expect(await a.client.call('catalog_categories.delete', { id: c.id })).toEqual({ deleted: true, id: c.id });
    expect(await a.client.call('catalog_items.get', { id: i.id })).toMatchObject({ category_id: null });
    await expectError(a.client.call('catalog_categories.get', { id: c.id }), 'not_found');
  });

  it('SKU is unique per tenant when set; unset SKUs never clash', async () => {
    await a.client.call('catalog_items.create', { name: 'A', unit_price: 1, sku: 'SKU-1' });
    await expectError(a.client.call('catalog_items.create', { name: 'B', unit_price: 1, sku: 'SKU-1' }), 'conflict');
    await a.client.call('catalog_items.create', { name: 'C', unit_price: 1 });
    await a.client.call('catalog_items.create', { name: 'D', unit_price: 1 });
    await b.client.call('catalog_items.create', { name: 'B', unit_price: 1, sku: 'SKU-1' });
  });

  it("bad input is invalid_input naming the field; another tenant's category is refused", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'X', unit_price: 1.005 }, 'unit_price'],
      [{ name: 'X', unit_price: -1 }, 'unit_price'],
      [{ name: 'X' }, 'unit_price'],
      [{ name: 'X', unit_price: 1, kind: 'tool' }, 'kind'],
      [{ name: 'X', unit_price: 1, unit: 'x'.repeat(21) }, 'unit'],
      [{ name: 'X', unit_price: 1, sku: 'x'.repeat(65) }, 'sku'],
    ];
    for (const [args, path] of cases) {
      const err = await expectError(a.client.call('catalog_items.create', args), 'invalid_input');
      expect(err.data.issues.map((i: any) => i.path)).toContain(path);
    }
    const foreign = await b.client.call('catalog_categories.create', { name: 'Theirs' });
    const err = await expectError(a.client.call('catalog_items.create', { name: 'X', unit_price: 1, category_id: foreign.id }), 'invalid_input');
    expect(err.data.issues[0].path).toBe('category_id');
  });

  it('archive hides an item from the list until restored', async () => {
    const i = await a.client.call('catalog_items.create', { name: 'Zz archived', unit_price: 3 });
    await a.client.call('catalog_items.archive', { id: i.id });
    expect((await a.client.call('catalog_items.list', { q: 'Zz archived' })).count).toBe(0);
    expect((await a.client.call('catalog_items.list', { q: 'Zz archived', includeArchived: true })).count).toBe(1);
    await a.client.call('catalog_items.update', { id: i.id, archived: false });
    expect((await a.client.call('catalog_items.list', { q: 'Zz archived' })).count).toBe(1);
  });
});
