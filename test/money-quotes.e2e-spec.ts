import { expectError, newTenant, startApp, tenantKey, TestApp, TestTenant } from './support/app';
import { expectInvalid } from './support/money';

describe('money: quotes', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let customer: string;
  beforeAll(async () => {
    t = await startApp();
    [a, b] = [await newTenant(t), await newTenant(t)];
    customer = (await a.client.call('customers.create', { display_name: 'Ada' })).id;
  });
  afterAll(() => t.close());

  const quote = (extra: Record<string, unknown> = {}) => a.client.call('quotes.create', { customer_id: customer, title: 'Work', ...extra });

  it('totals are exact: 33.33 × 3 at 8.875 %, half away from zero, computed by the server', async () => {
    const rate = await a.client.call('tax_rates.create', { name: 'NYC', rate: 8.875 });
    const q = await quote({
      tax_rate_id: rate.id,
      line_items: [
        { description: 'Labour', unit_price: 33.33, quantity: 3 },
        // 33.33 × 1.5 = 49.995 → 50.00 (binary floats give 49.994999… → 49.99)
        { description: 'Half', unit_price: 33.33, quantity: 1.5 },
        { description: 'Permit', unit_price: 10, quantity: 1, taxable: false },
      ],
    });
    expect(q.line_items.map((l: any) => l.total)).toEqual([99.99, 50, 10]);
    expect(q.subtotal).toBe(159.99);
    // taxable 149.99 × 8.875 % = 13.3116… → 13.31
    expect(q).toMatchObject({ tax_total: 13.31, total: 173.3, status: 'draft', number: expect.stringMatching(/^Q-\d+$/) });
    // 20 × 8.875 % = 1.775 → 1.78 (half away from zero; float arithmetic gives 1.77)
    const q2 = await quote({ tax_rate_id: rate.id, line_items: [{ description: 'x', unit_price: 20 }] });
    expect(q2).toMatchObject({ subtotal: 20, tax_total: 1.78, total: 21.78 });
  });

  it('money a float sum would drift on stays exact; unit prices with 3 decimals and client totals are refused', async () => {
    const lines = Array.from({ length: 100 }, () => ({ description: 'dime', unit_price: 0.1, quantity: 1 }));
    expect(await quote({ line_items: lines })).toMatchObject({ subtotal: 10, tax_total: 0, total: 10 });
    const lines3 = Array.from({ length: 30 }, () => ({ description: 'x', unit_price: 0.07, quantity: 3 }));
    expect((await quote({ line_items: lines3 })).total).toBe(6.3);
    await expectInvalid(quote({ line_items: [{ description: 'x', unit_price: 33.335, quantity: 3 }] }), 'line_items.0.unit_price');
    await expectInvalid(quote({ line_items: [{ description: 'x', unit_price: 1, total: 1 }] }), 'line_items.0.total');
    await expectInvalid(quote({ total: 5 }), 'total');
    await expectInvalid(quote({ line_items: [{ description: 'x', unit_price: 1, quantity: 0 }] }), 'line_items.0.quantity');
    await expectInvalid(quote({ line_items: [{ unit_price: 1 }] }), 'line_items.0.description');
    await expectInvalid(quote({ title: '' }), 'title');
    await expectInvalid(a.client.call('quotes.create', { title: 'x' }), 'customer_id');
  });

  it('a line naming a catalog item takes its description, price and taxable when omitted', async () => {
    const item = await a.client.call('catalog_items.create', { name: 'Tune-up', description: 'Annual tune-up', unit_price: 89.5, taxable: false });
    const q = await quote({
      line_items: [
        { catalog_item_id: item.id, quantity: 2 },
        { catalog_item_id: item.id, unit_price: 80, description: 'Discounted' },
      ],
    });
    expect(q.line_items[0]).toMatchObject({ catalog_item_id: item.id, description: 'Annual tune-up', unit_price: 89.5, quantity: 2, taxable: false, total: 179 });
    expect(q.line_items[1]).toMatchObject({ description: 'Discounted', unit_price: 80, total: 80 });
    const foreign = await b.client.call('catalog_items.create', { name: 'Theirs', unit_price: 1 });
    await expectInvalid(quote({ line_items: [{ catalog_item_id: foreign.id }] }), 'line_items.0.catalog_item_id');
  });

  it("cross-tenant references are refused and other tenants' quotes are invisible", async () => {
    const theirCustomer = await b.client.call('customers.create', { display_name: 'Theirs' });
    await expectInvalid(a.client.call('quotes.create', { customer_id: theirCustomer.id, title: 'x' }), 'customer_id');
    const theirRate = await b.client.call('tax_rates.create', { name: 'B', rate: 5 });
    await expectInvalid(quote({ tax_rate_id: theirRate.id }), 'tax_rate_id');
    const q = await quote();
    await expectError(b.client.call('quotes.get', { id: q.id }), 'not_found');
    await expectError(b.client.call('quotes.update', { id: q.id, title: 'mine' }), 'not_found');
    expect((await b.client.call('quotes.list', {})).data.map((x: any) => x.id)).not.toContain(q.id);
  });

  it('an archived tax rate cannot go on a new quote, but quotes that use it keep it', async () => {
    const rate = await a.client.call('tax_rates.create', { name: 'Soon old', rate: 10 });
    const q = await quote({ tax_rate_id: rate.id, line_items: [{ description: 'x', unit_price: 100 }] });
    await a.client.call('tax_rates.archive', { id: rate.id });
    await expectInvalid(quote({ tax_rate_id: rate.id }), 'tax_rate_id');
    const other = await quote();
    await expectInvalid(a.client.call('quotes.update', { id: other.id, tax_rate_id: rate.id }), 'tax_rate_id');
    const kept = await a.client.call('quotes.update', { id: q.id, line_items: [{ description: 'y', unit_price: 200 }] });
    expect(kept).toMatchObject({ tax_rate_id: rate.id, subtotal: 200, tax_total: 20, total: 220 });
  });

  it('status moves: draft→sent→approved|declined, sent→draft; others conflict; approved lines are frozen', async () => {
    const q = await quote({ line_items: [{ description: 'x', unit_price: 10 }] });
    await expectError(a.client.call('quotes.update', { id: q.id, status: 'approved' }), 'conflict');
    await expectError(a.client.call('quotes.update', { id: q.id, status: 'declined' }), 'conflict');
    const sent = await a.client.call('quotes.update', { id: q.id, status: 'sent' });
    expect(sent.sent_at).not.toBeNull();
    expect((await a.client.call('quotes.update', { id: q.id, status: 'draft' })).status).toBe('draft');
    await a.client.call('quotes.update', { id: q.id, status: 'sent' });
    const approved = await a.client.call('quotes.update', { id: q.id, status: 'approved' });
    expect(approved).toMatchObject({ status: 'approved', total: 10 });
    expect(approved.approved_at).not.toBeNull();
    await expectError(a.client.call('quotes.update', { id: q.id, line_items: [] }), 'conflict');
    await expectError(a.client.call('quotes.update', { id: q.id, status: 'draft' }), 'conflict');
    await expectError(a.client.call('quotes.update', { id: q.id, status: 'declined' }), 'conflict');
    expect((await a.client.call('quotes.update', { id: q.id, title: 'Renamed' })).title).toBe('Renamed');
    const d = await quote();
    await a.client.call('quotes.update', { id: d.id, status: 'sent' });
    await a.client.call('quotes.update', { id: d.id, status: 'declined' });
    await expectError(a.client.call('quotes.update', { id: d.id, status: 'sent' }), 'conflict');
    await expectInvalid(a.client.call('quotes.update', { id: d.id, status: 'won' }), 'status');
  });

  it('line_items on update replaces the list wholesale and re-totals', async () => {
    const q = await quote({
      line_items: [
        { description: 'a', unit_price: 1 },
        { description: 'b', unit_price: 2 },
      ],
    });
    const u = await a.client.call('quotes.update', { id: q.id, line_items: [{ description: 'c', unit_price: 5, quantity: 2 }] });
    expect(u.line_items.map((l: any) => l.description)).toEqual(['c']);
    expect(u.total).toBe(10);
    expect((await a.client.call('quotes.get', { id: q.id })).line_items).toHaveLength(1);
  });

  it('numbers are per tenant, sequential, and never duplicated under 20 concurrent creations', async () => {
    const c = await newTenant(t);
    const cust = (await c.client.call('customers.create', { display_name: 'C' })).id;
    const first = await c.client.call('quotes.create', { customer_id: cust, title: 'first' });
    expect(first.number).toBe('Q-1001');
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => c.client.call('quotes.create', { customer_id: cust, title: `q${i}` })));
    const numbers = made.map((q: any) => Number(q.number.slice(2))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => 1002 + i));
    // a failed creation does not burn a number; archiving never frees one
    await expectInvalid(c.client.call('quotes.create', { customer_id: cust, title: '' }), 'title');
    await c.client.call('quotes.archive', { id: first.id });
    expect((await c.client.call('quotes.create', { customer_id: cust, title: 'next' })).number).toBe('Q-1022');
    const d = await newTenant(t);
    const dc = (await d.client.call('customers.create', { display_name: 'D' })).id;
    expect((await d.client.call('quotes.create', { customer_id: dc, title: 'x' })).number).toBe('Q-1001');
  });

  it('list filters by status, customer and q, newest first, hiding archived; writes need a user actor', async () => {
    const other = (await a.client.call('customers.create', { display_name: 'Bob' })).id;
    const q1 = await a.client.call('quotes.create', { customer_id: other, title: 'Boiler swap' });
    const q2 = await a.client.call('quotes.create', { customer_id: other, title: 'Boiler service' });
    await a.client.call('quotes.update', { id: q2.id, status: 'sent' });
    const byCustomer = await a.client.call('quotes.list', { customerId: other });
    expect(byCustomer.data.map((q: any) => q.id)).toEqual([q2.id, q1.id]);
    expect((await a.client.call('quotes.list', { customerId: other, status: 'sent' })).data.map((q: any) => q.id)).toEqual([q2.id]);
    expect((await a.client.call('quotes.list', { q: q1.number })).data.map((q: any) => q.id)).toEqual([q1.id]);
    await a.client.call('quotes.archive', { id: q1.id });
    expect((await a.client.call('quotes.list', { customerId: other })).count).toBe(1);
    expect((await a.client.call('quotes.list', { customerId: other, includeArchived: true })).count).toBe(2);
    const key = await tenantKey(t, a.tenantId);
    expect((await key.call('quotes.get', { id: q1.id })).id).toBe(q1.id);
    await expectError(key.call('quotes.create', { customer_id: other, title: 'x' }), 'invalid_input');
  });

  it('tools/list describes line items and nullable dates for clients', async () => {
    const tools = await a.client.tools();
    const schema = (n: string) => tools.find((x: any) => x.name === n).inputSchema;
    const description = expect.any(String);
    // nullable as anyOf branches of one type each, the portable spelling (issue 15, C9)
    const nullDate = { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }], description };
    expect(schema('quotes.create').properties.valid_until).toEqual(nullDate);
    expect(schema('invoices.create').properties.due_on).toEqual(nullDate);
    expect(schema('plans.create').properties.ends_on).toEqual(nullDate);
    expect(schema('catalog_items.create').properties.unit_cost).toEqual({ anyOf: [{ type: 'number', minimum: 0, maximum: 9999999999.99 }, { type: 'null' }], description });
    const line = schema('quotes.create').properties.line_items.items;
    expect(Object.keys(line.properties).sort()).toEqual(['catalog_item_id', 'description', 'quantity', 'sort_order', 'taxable', 'unit_price']);
    const money = tools.filter((x: any) => /^(quotes|invoices|plans|tax_rates|catalog_items|catalog_categories)\./.test(x.name));
    expect(money).toHaveLength(30);
    // every argument, nested line item fields included, is described, and every tool declares its output
    const undescribed = money.flatMap((x: any) =>
      Object.entries(x.inputSchema.properties).flatMap(([k, p]: [string, any]) => [
        ...(p.description ? [] : [`${x.name} ${k}`]),
        ...Object.entries(p.items?.properties ?? {})
          .filter(([, q]: [string, any]) => !q.description)
          .map(([q]) => `${x.name} ${k}.${q}`),
      ]),
    );
    expect(undescribed).toEqual([]);
    expect(money.filter((x: any) => x.outputSchema?.type !== 'object').map((x: any) => x.name)).toEqual([]);
    expect(Object.keys(money.find((x: any) => x.name === 'quotes.get').outputSchema.properties.line_items.items.properties)).toContain('total');
  });
});
