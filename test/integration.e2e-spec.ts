import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

// The entities working together through the MCP endpoint: a job billed, a note on a job, a plan
// that ends its series, a quote at the customer's location, and cross-tenant references refused.
describe('integration across entities', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    a = await newTenant(t);
    b = await newTenant(t);
  });
  afterAll(() => t.close());

  it('a job with line items is invoiced from job_id with totals right to the cent, then paid', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Billed Customer' });
    const job = await a.client.call('jobs.create', {
      title: 'Replace faucet',
      customer_id: c.id,
      line_items: [
        { description: 'Faucet', unit_price: 33.33, quantity: 3 },
        { description: 'Labour', unit_price: 0.1, quantity: 7 },
      ],
    });
    await a.client.call('jobs.update', { id: job.id, status: 'done' });
    const inv = await a.client.call('invoices.create', { job_id: job.id });
    expect(inv).toMatchObject({ job_id: job.id, customer_id: c.id, subtotal: 100.69, total: 100.69, status: 'draft' });
    const paid = await a.client.call('invoices.update', { id: inv.id, amount_paid: 100.69 });
    expect(paid).toMatchObject({ balance_due: 0, status: 'paid' });
  });

  it('a flat-price job is billed as one line', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Flat Customer' });
    const job = await a.client.call('jobs.create', { title: 'Tune-up', customer_id: c.id, flat_price: 149.5 });
    const inv = await a.client.call('invoices.create', { job_id: job.id });
    expect(inv.total).toBe(149.5);
    const full = await a.client.call('invoices.get', { id: inv.id });
    expect(full.line_items).toHaveLength(1);
    expect(full.line_items[0]).toMatchObject({ description: 'Tune-up', unit_price: 149.5, quantity: 1 });
  });

  it('another tenant’s job cannot be invoiced nor noted', async () => {
    const c = await b.client.call('customers.create', { display_name: 'Other' });
    const job = await b.client.call('jobs.create', { title: 'Theirs', customer_id: c.id });
    const e1 = await expectError(a.client.call('invoices.create', { job_id: job.id }), 'invalid_input');
    expect(e1.data.issues[0].path).toBe('job_id');
    const e2 = await expectError(a.client.call('notes.create', { body: 'peek', job_id: job.id }), 'invalid_input');
    expect(e2.data.issues[0].path).toBe('job_id');
  });

  it('a note can be written on a job and listed with it', async () => {
    const job = await a.client.call('jobs.create', { title: 'Noted job' });
    const note = await a.client.call('notes.create', { body: 'Gate code 1234', job_id: job.id });
    expect(note).toMatchObject({ job_id: job.id, customer_id: null, author_id: a.userId });
    const list = await a.client.call('notes.list', { jobId: job.id });
    expect(list.data.map((n: any) => n.id)).toContain(note.id);
  });

  it('cancelling a plan ends its linked job series; another tenant’s series is refused', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Plan Customer' });
    const today = new Date().toISOString().slice(0, 10);
    const s = await a.client.call('job_series.create', {
      title: 'Monthly service',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timezone: 'America/New_York',
      dtstart: today,
      customer_id: c.id,
    });
    const plan = await a.client.call('plans.create', { customer_id: c.id, name: 'Care', price: 29.99, billing_frequency: 'monthly', starts_on: today, job_series_id: s.id });
    expect(plan.job_series_id).toBe(s.id);
    await a.client.call('plans.cancel', { id: plan.id });
    const after = await a.client.call('job_series.get', { id: s.id });
    expect(after.ends_on).not.toBeNull();
    const jobs = await a.client.call('jobs.list', { seriesId: s.id });
    expect(jobs.data.filter((j: any) => j.status === 'scheduled' && new Date(j.scheduled_start) > new Date())).toHaveLength(0);

    const theirs = await b.client.call('job_series.create', { title: 'B', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: today });
    const e = await expectError(
      a.client.call('plans.create', { customer_id: c.id, name: 'X', price: 1, billing_frequency: 'monthly', starts_on: today, job_series_id: theirs.id }),
      'invalid_input',
    );
    expect(e.data.issues[0].path).toBe('job_series_id');
  });

  it('a quote takes a location of its customer, and refuses another customer’s', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Quote Customer' });
    const d = await a.client.call('customers.create', { display_name: 'Somebody Else' });
    const loc = await a.client.call('locations.create', { customer_id: c.id, line1: '1 Main St', city: 'Springfield' });
    const other = await a.client.call('locations.create', { customer_id: d.id, line1: '2 Side St', city: 'Springfield' });
    const q = await a.client.call('quotes.create', {
      customer_id: c.id,
      title: 'New boiler',
      location_id: loc.id,
      line_items: [{ description: 'Boiler', unit_price: 2500, quantity: 1 }],
    });
    expect(q.location_id).toBe(loc.id);
    const e = await expectError(a.client.call('quotes.create', { customer_id: c.id, title: 'Wrong place', location_id: other.id }), 'invalid_input');
    expect(e.data.issues[0].path).toBe('location_id');
  });
  it('a quote approved, turned into a job, done, invoiced and paid, totals right to the cent', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Full Flow' });
    const loc = await a.client.call('locations.create', { customer_id: c.id, line1: '9 Elm St' });
    const q = await a.client.call('quotes.create', {
      customer_id: c.id,
      title: 'Water heater',
      location_id: loc.id,
      line_items: [
        { description: 'Heater', unit_price: 33.33, quantity: 3 },
        { description: 'Fittings', unit_price: 0.1, quantity: 7 },
      ],
    });
    await expectError(a.client.call('jobs.create', { title: 'Too early', quote_id: q.id }), 'invalid_input');
    await a.client.call('quotes.update', { id: q.id, status: 'sent' });
    await a.client.call('quotes.update', { id: q.id, status: 'approved' });
    const job = await a.client.call('jobs.create', { title: 'Install water heater', quote_id: q.id });
    expect(job).toMatchObject({ quote_id: q.id, customer_id: c.id, location_id: loc.id });
    const full = await a.client.call('jobs.get', { id: job.id });
    expect(full.job_line_items.map((l: any) => [l.description, l.total])).toEqual([
      ['Heater', 99.99],
      ['Fittings', 0.7],
    ]);
    await a.client.call('jobs.update', { id: job.id, status: 'done' });
    const inv = await a.client.call('invoices.create', { job_id: job.id });
    expect(inv.total).toBe(100.69);
    const paid = await a.client.call('invoices.update', { id: inv.id, amount_paid: 100.69 });
    expect(paid).toMatchObject({ status: 'paid', balance_due: 0 });
  });

  it('a job location must belong to the job customer; another tenant quote is refused', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Loc Owner' });
    const d = await a.client.call('customers.create', { display_name: 'Loc Other' });
    const other = await a.client.call('locations.create', { customer_id: d.id, line1: '3 Oak St' });
    const e = await expectError(a.client.call('jobs.create', { title: 'Wrong', customer_id: c.id, location_id: other.id }), 'invalid_input');
    expect(e.data.issues[0].path).toBe('location_id');
    const bc = await b.client.call('customers.create', { display_name: 'B cust' });
    const bq = await b.client.call('quotes.create', { customer_id: bc.id, title: 'B quote' });
    const e2 = await expectError(a.client.call('jobs.create', { title: 'Steal', quote_id: bq.id }), 'invalid_input');
    expect(e2.data.issues[0].path).toBe('quote_id');
  });
});
