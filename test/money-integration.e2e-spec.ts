import { EntityManager } from 'typeorm';
import { ToolContext } from '../src/common/context';
import { InvoicesService } from '../src/invoices/invoices.service';
import { QuotesService } from '../src/quotes/quotes.service';
import { newTenant, startApp, TestApp, TestTenant } from './support/app';

// The pieces the lead plugs into jobs: plain-data service methods, run here on the real database
// inside a transaction, as the gateway would; the results are then read back through the MCP endpoint.
describe('money: quote→job and job→invoice hand-offs', () => {
  let t: TestApp;
  let a: TestTenant;
  let customer: string;
  const inTx = <T>(fn: (ctx: ToolContext) => Promise<T>) =>
    t.ds.transaction((em: EntityManager) => fn({ tenantId: a.tenantId, actor: { kind: 'user', userId: a.userId }, scopes: new Set(), requestId: 'test', em }));
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
    customer = (await a.client.call('customers.create', { display_name: 'Ada' })).id;
  });
  afterAll(() => t.close());

  it('approvedForJob gives an approved quote as plain data and refuses others naming quote_id', async () => {
    const q = await a.client.call('quotes.create', {
      customer_id: customer,
      title: 'Boiler',
      line_items: [{ description: 'Boiler', unit_price: 1200, quantity: 1, taxable: false }],
    });
    const quotes = t.app.get(QuotesService);
    await expect(inTx((ctx) => quotes.approvedForJob(ctx, q.id))).rejects.toMatchObject({ kind: 'invalid_input', issues: [{ path: 'quote_id' }] });
    await a.client.call('quotes.update', { id: q.id, status: 'sent' });
    await a.client.call('quotes.update', { id: q.id, status: 'approved' });
    expect(await inTx((ctx) => quotes.approvedForJob(ctx, q.id))).toEqual({
      quoteId: q.id,
      customerId: customer,
      locationId: null,
      title: 'Boiler',
      lineItems: [{ catalog_item_id: null, description: 'Boiler', unit_price: 1200, quantity: 1, taxable: false, sort_order: 0 }],
    });
  });

  it("createFromJob bills a flat price as one line, else the job lines; customer defaults to the job's", async () => {
    const invoices = t.app.get(InvoicesService);
    const jobId = (await a.client.call('jobs.create', { title: 'Billed job', customer_id: customer })).id;
    const flat = await inTx((ctx) => invoices.createFromJob(ctx, { id: jobId, customerId: customer, title: 'Tune-up', flatPrice: 149.99, lineItems: [] }, {}));
    expect(flat).toMatchObject({ customer_id: customer, job_id: jobId, total: 149.99, status: 'draft' });
    expect(flat.line_items).toEqual([expect.objectContaining({ description: 'Tune-up', unit_price: 149.99, quantity: 1, total: 149.99 })]);
    const lines = await inTx((ctx) =>
      invoices.createFromJob(
        ctx,
        {
          id: jobId,
          customerId: customer,
          title: 'Repair',
          flatPrice: null,
          lineItems: [
            { description: 'Part', unit_price: 0.1, quantity: 3 },
            { description: 'Labour', unit_price: 95, quantity: 1.5 },
          ],
        },
        {},
      ),
    );
    expect(lines).toMatchObject({ subtotal: 142.8, total: 142.8 });
    const listed = await a.client.call('invoices.list', { jobId });
    expect(listed.data.map((i: any) => i.id).sort()).toEqual([flat.id, lines.id].sort());
  });
});
