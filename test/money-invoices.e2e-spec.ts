import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';
import { expectInvalid } from './support/money';

const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('money: invoices', () => {
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

  const invoice = (extra: Record<string, unknown> = {}) =>
    a.client.call('invoices.create', { customer_id: customer, line_items: [{ description: 'Repair', unit_price: 100 }], ...extra });

  it('creates draft INV-1001, INV-1002, … with exact totals and balance_due', async () => {
    const c = await newTenant(t);
    const cust = (await c.client.call('customers.create', { display_name: 'C' })).id;
    const rate = await c.client.call('tax_rates.create', { name: 'NYC', rate: 8.875 });
    const i1 = await c.client.call('invoices.create', {
      customer_id: cust,
      tax_rate_id: rate.id,
      line_items: [
        { description: 'Labour', unit_price: 33.33, quantity: 3 },
        { description: 'Part', unit_price: 0.1, quantity: 7 },
      ],
    });
    // 99.99 + 0.70 = 100.69; tax 100.69 × 8.875 % = 8.9362… → 8.94
    expect(i1).toMatchObject({
      number: 'INV-1001',
      status: 'draft',
      subtotal: 100.69,
      tax_total: 8.94,
      total: 109.63,
      amount_paid: 0,
      balance_due: 109.63,
      issued_on: null,
      paid_at: null,
    });
    expect((await c.client.call('invoices.create', { customer_id: cust })).number).toBe('INV-1002');
  });

  it('sending issues it today, due 30 days later unless due_on was set', async () => {
    const i = await invoice();
    const sent = await a.client.call('invoices.update', { id: i.id, status: 'sent' });
    expect(sent).toMatchObject({ status: 'sent', issued_on: today(), due_on: plusDays(today(), 30) });
    const j = await invoice({ due_on: '2030-01-15' });
    expect((await a.client.call('invoices.update', { id: j.id, status: 'sent' })).due_on).toBe('2030-01-15');
  });

  it('payments: amount_paid up to the total; reaching it sets paid and paid_at; more is invalid', async () => {
    const i = await invoice({ line_items: [{ description: 'x', unit_price: 100.1, quantity: 1 }] });
    await a.client.call('invoices.update', { id: i.id, status: 'sent' });
    const part = await a.client.call('invoices.update', { id: i.id, amount_paid: 40.05 });
    expect(part).toMatchObject({ status: 'sent', amount_paid: 40.05, balance_due: 60.05, paid_at: null });
    await expectInvalid(a.client.call('invoices.update', { id: i.id, amount_paid: 100.11 }), 'amount_paid');
    await expectInvalid(a.client.call('invoices.update', { id: i.id, amount_paid: -1 }), 'amount_paid');
    await expectInvalid(a.client.call('invoices.update', { id: i.id, amount_paid: 1.001 }), 'amount_paid');
    const paid = await a.client.call('invoices.update', { id: i.id, amount_paid: 100.1 });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 100.1, balance_due: 0 });
    expect(paid.paid_at).not.toBeNull();
    // a paid invoice cannot be voided nor change its lines
    await expectError(a.client.call('invoices.void', { id: i.id }), 'conflict');
    await expectError(a.client.call('invoices.update', { id: i.id, line_items: [] }), 'conflict');
    await expectError(a.client.call('invoices.update', { id: i.id, status: 'sent' }), 'conflict');
    await expectError(a.client.call('invoices.update', { id: i.id, status: 'draft' }), 'conflict');
    // lowering amount_paid reopens it
    expect(await a.client.call('invoices.update', { id: i.id, amount_paid: 100 })).toMatchObject({ status: 'sent', balance_due: 0.1, paid_at: null });
    // status paid records the full total
    const k = await invoice();
    expect(await a.client.call('invoices.update', { id: k.id, status: 'paid' })).toMatchObject({ status: 'paid', amount_paid: 100, balance_due: 0, issued_on: today() });
  });

  it('line items change only while draft', async () => {
    const i = await invoice();
    expect((await a.client.call('invoices.update', { id: i.id, line_items: [{ description: 'y', unit_price: 5, quantity: 3 }] })).total).toBe(15);
    await a.client.call('invoices.update', { id: i.id, status: 'sent' });
    await expectError(a.client.call('invoices.update', { id: i.id, line_items: [{ description: 'z', unit_price: 1 }] }), 'conflict');
    expect((await a.client.call('invoices.get', { id: i.id })).line_items.map((l: any) => l.description)).toEqual(['y']);
  });

  it('void is final: every update is a conflict; voiding again changes nothing', async () => {
    const i = await invoice();
    const v = await a.client.call('invoices.void', { id: i.id });
    expect(v.status).toBe('void');
    expect(v.voided_at).not.toBeNull();
    for (const change of [{ status: 'sent' }, { amount_paid: 1 }, { due_on: '2030-01-01' }, { line_items: [] }, { status: 'draft' }]) {
      await expectError(a.client.call('invoices.update', { id: i.id, ...change }), 'conflict');
    }
    expect((await a.client.call('invoices.void', { id: i.id })).voided_at).toBe(v.voided_at);
    await expectInvalid(a.client.call('invoices.update', { id: i.id, status: 'void' }), 'status');
  });

  it("cross-tenant references are refused; other tenants' invoices are invisible; totals cannot be sent", async () => {
    const theirs = await b.client.call('customers.create', { display_name: 'B' });
    await expectInvalid(a.client.call('invoices.create', { customer_id: theirs.id }), 'customer_id');
    const theirRate = await b.client.call('tax_rates.create', { name: 'B', rate: 5 });
    await expectInvalid(invoice({ tax_rate_id: theirRate.id }), 'tax_rate_id');
    const theirItem = await b.client.call('catalog_items.create', { name: 'B', unit_price: 5 });
    await expectInvalid(invoice({ line_items: [{ catalog_item_id: theirItem.id }] }), 'line_items.0.catalog_item_id');
    await expectInvalid(invoice({ total: 1 }), 'total');
    await expectInvalid(invoice({ subtotal: 1 }), 'subtotal');
    await expectInvalid(a.client.call('invoices.create', {}), 'customer_id');
    const mine = await invoice();
    await expectError(b.client.call('invoices.get', { id: mine.id }), 'not_found');
    await expectError(b.client.call('invoices.void', { id: mine.id }), 'not_found');
  });

  it('an archived tax rate cannot go on a new invoice', async () => {
    const rate = await a.client.call('tax_rates.create', { name: 'Old', rate: 4 });
    await a.client.call('tax_rates.archive', { id: rate.id });
    await expectInvalid(invoice({ tax_rate_id: rate.id }), 'tax_rate_id');
  });

  it('list filters by status, customer and issued_on range, newest first', async () => {
    const cust = (await a.client.call('customers.create', { display_name: 'Listy' })).id;
    const i1 = await a.client.call('invoices.create', { customer_id: cust });
    const i2 = await a.client.call('invoices.create', { customer_id: cust });
    await a.client.call('invoices.update', { id: i2.id, status: 'sent' });
    expect((await a.client.call('invoices.list', { customerId: cust })).data.map((i: any) => i.id)).toEqual([i2.id, i1.id]);
    expect((await a.client.call('invoices.list', { customerId: cust, status: 'draft' })).data.map((i: any) => i.id)).toEqual([i1.id]);
    expect((await a.client.call('invoices.list', { customerId: cust, from: today(), to: today() })).data.map((i: any) => i.id)).toEqual([i2.id]);
    expect((await a.client.call('invoices.list', { customerId: cust, from: plusDays(today(), 1) })).count).toBe(0);
    await expectInvalid(a.client.call('invoices.list', { from: '2026-02-30' }), 'from');
  });

  it('an unknown job_id is invalid_input naming it', async () => {
    await expectInvalid(invoice({ job_id: '00000000-0000-4000-8000-000000000000' }), 'job_id');
  });
});
