import { Logger } from '@nestjs/common';
import { runCli } from './support/cli';
import { PlanBillingScheduler } from '../src/plans/plan-billing.scheduler';
import { PlanBillingService } from '../src/plans/plan-billing.service';
import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';
import { expectInvalid } from './support/money';
import { slowCalls } from './support/slow-calls';

describe('money: plans and the billing run', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let customer: string;
  let billing: PlanBillingService;
  beforeAll(async () => {
    t = await startApp();
    billing = t.app.get(PlanBillingService);
    [a, b] = [await newTenant(t), await newTenant(t)];
    customer = (await a.client.call('customers.create', { display_name: 'Ada' })).id;
  });
  afterAll(() => t.close());

  const plan = (extra: Record<string, unknown> = {}) =>
    a.client.call('plans.create', { customer_id: customer, name: 'HVAC care', price: 29.99, billing_frequency: 'monthly', starts_on: '2026-01-31', ...extra });
  const planInvoices = async (tenant: TestTenant, planId: string) => (await tenant.client.call('invoices.list', {})).data.filter((i: any) => i.plan_id === planId);

  it('creates an active plan whose next_billing_on starts at starts_on; bad input names the field', async () => {
    const p = await plan();
    expect(p).toMatchObject({
      status: 'active',
      next_billing_on: '2026-01-31',
      price: 29.99,
      billing_frequency: 'monthly',
      ends_on: null,
      job_series_id: null,
      cancelled_at: null,
    });
    await expectInvalid(plan({ billing_frequency: 'weekly' }), 'billing_frequency');
    await expectInvalid(plan({ price: 1.001 }), 'price');
    await expectInvalid(plan({ starts_on: '2026-02-30' }), 'starts_on');
    await expectInvalid(plan({ ends_on: '2025-12-31' }), 'ends_on');
    await expectInvalid(plan({ name: '' }), 'name');
    const theirs = await b.client.call('customers.create', { display_name: 'B' });
    await expectInvalid(plan({ customer_id: theirs.id }), 'customer_id');
    await expectInvalid(plan({ job_series_id: '00000000-0000-4000-8000-000000000000' }), 'job_series_id');
    await expectError(b.client.call('plans.get', { id: p.id }), 'not_found');
  });

  it('the run bills each due period once (month ends clamp), advances next_billing_on, and a second run bills nothing', async () => {
    const c = await newTenant(t);
    const cust = (await c.client.call('customers.create', { display_name: 'C' })).id;
    const p = await c.client.call('plans.create', { customer_id: cust, name: 'HVAC care', price: 29.99, billing_frequency: 'monthly', starts_on: '2026-01-31' });
    expect(await billing.run({ tenantId: c.tenantId, today: '2026-03-31' })).toEqual({ plans_billed: 1, invoices_created: 3 });
    expect((await c.client.call('plans.get', { id: p.id })).next_billing_on).toBe('2026-04-30');
    const invoices = await planInvoices(c, p.id);
    expect(invoices).toHaveLength(3);
    for (const i of invoices) expect(i).toMatchObject({ status: 'draft', customer_id: cust, subtotal: 29.99, total: 29.99, balance_due: 29.99 });
    const full = await c.client.call('invoices.get', { id: invoices[0].id });
    expect(full.line_items).toEqual([expect.objectContaining({ description: 'HVAC care', unit_price: 29.99, quantity: 1, total: 29.99 })]);
    expect(await billing.run({ tenantId: c.tenantId, today: '2026-03-31' })).toEqual({ plans_billed: 0, invoices_created: 0 });
    expect(await planInvoices(c, p.id)).toHaveLength(3);
  });

  it('two runs at once bill once (advisory lock + unique (plan, period))', async () => {
    const c = await newTenant(t);
    const cust = (await c.client.call('customers.create', { display_name: 'C' })).id;
    const p = await c.client.call('plans.create', { customer_id: cust, name: 'Pool', price: 100, billing_frequency: 'quarterly', starts_on: '2026-01-15' });
    const [r1, r2] = await Promise.all([billing.run({ tenantId: c.tenantId, today: '2026-07-15' }), billing.run({ tenantId: c.tenantId, today: '2026-07-15' })]);
    expect(r1.invoices_created + r2.invoices_created).toBe(3);
    expect((await planInvoices(c, p.id)).map((i: any) => i.number).sort()).toEqual(['INV-1001', 'INV-1002', 'INV-1003']);
    expect((await c.client.call('plans.get', { id: p.id })).next_billing_on).toBe('2026-10-15');
  });

  it('ends_on stops billing; cancelled plans are not billed and cannot be updated', async () => {
    // dates relative to this year: starts_on may be at most 36 months in the past
    const y = new Date().getUTCFullYear();
    const ended = await plan({ name: 'Short', billing_frequency: 'yearly', starts_on: `${y - 2}-06-01`, ends_on: `${y - 1}-12-31` });
    await billing.run({ tenantId: a.tenantId, today: `${y}-01-01` });
    expect((await planInvoices(a, ended.id)).length).toBe(2);
    const p = await plan({ name: 'Gone', starts_on: '2026-05-01' });
    const c = await a.client.call('plans.cancel', { id: p.id });
    expect(c.status).toBe('cancelled');
    expect(c.cancelled_at).not.toBeNull();
    expect((await a.client.call('plans.cancel', { id: p.id })).cancelled_at).toBe(c.cancelled_at);
    await expectError(a.client.call('plans.update', { id: p.id, price: 1 }), 'conflict');
    await billing.run({ tenantId: a.tenantId, today: '2026-12-31' });
    expect(await planInvoices(a, p.id)).toHaveLength(0);
  });

  it('update changes the fields sent; list filters by customer and status', async () => {
    const cust = (await a.client.call('customers.create', { display_name: 'Listy' })).id;
    const p1 = await plan({ customer_id: cust });
    const p2 = await plan({ customer_id: cust, name: 'Other' });
    expect(await a.client.call('plans.update', { id: p1.id, price: 34.5, billing_frequency: 'quarterly' })).toMatchObject({
      price: 34.5,
      billing_frequency: 'quarterly',
      name: 'HVAC care',
    });
    await a.client.call('plans.cancel', { id: p2.id });
    expect((await a.client.call('plans.list', { customerId: cust })).data.map((p: any) => p.id)).toEqual([p2.id, p1.id]);
    expect((await a.client.call('plans.list', { customerId: cust, status: 'active' })).data.map((p: any) => p.id)).toEqual([p1.id]);
    await expectInvalid(a.client.call('plans.update', { id: p1.id, starts_on: '2026-01-01' }), 'starts_on');
  });

  describe('catch-up is bounded (issue 14 A5)', () => {
    const monthsAgo = (n: number, day = 1) => {
      const d = new Date();
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, day)).toISOString().slice(0, 10);
    };

    it('plans.create refuses a starts_on more than 36 months ago, naming it; 36 months is fine', async () => {
      const err = await expectInvalid(plan({ starts_on: '1900-01-01' }), 'starts_on');
      expect(err.message).toMatch(/36 months/);
      await expectInvalid(plan({ starts_on: monthsAgo(37) }), 'starts_on');
      expect((await plan({ starts_on: monthsAgo(35) })).next_billing_on).toBe(monthsAgo(35));
      const tool = (await a.client.tools()).find((x: any) => x.name === 'plans.create');
      expect(tool.description).toMatch(/at most 36 months in the past/);
    });

    it('plan:bill on a plan stored with starts_on 1900-01-01 bills only the last 36 months, not 1,524 invoices', async () => {
      const c = await newTenant(t);
      const cust = (await c.client.call('customers.create', { display_name: 'Old' })).id;
      const p = await c.client.call('plans.create', { customer_id: cust, name: 'Ancient', price: 10, billing_frequency: 'monthly', starts_on: monthsAgo(1) });
      await t.ds.query(`UPDATE plans SET starts_on = '1900-01-01', next_billing_on = '1900-01-01' WHERE id = $1`, [p.id]);
      const t0 = Date.now();
      const { code, out } = await runCli('plan:bill', '--tenant', c.tenantId, '--json');
      expect(code).toBe(0);
      const { invoices_created } = JSON.parse(out);
      // 36 or 37 monthly periods (the 1st of each month from 36 months ago to today), not 1,524
      expect(invoices_created).toBeGreaterThanOrEqual(36);
      expect(invoices_created).toBeLessThanOrEqual(37);
      expect(Date.now() - t0).toBeLessThan(20_000);
      const after = await c.client.call('plans.get', { id: p.id });
      expect(after.next_billing_on > new Date().toISOString().slice(0, 10)).toBe(true);
      const [{ n, oldest }] = await t.ds.query(`SELECT count(*)::int AS n, min(plan_period_start)::text AS oldest FROM invoices WHERE plan_id = $1`, [p.id]);
      expect(n).toBe(invoices_created);
      expect(oldest >= monthsAgo(36)).toBe(true);
    });
  });

  it('the admin CLI plan:bill runs it by hand and prints the contract JSON', async () => {
    const c = await newTenant(t);
    const cust = (await c.client.call('customers.create', { display_name: 'C' })).id;
    const start = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    await c.client.call('plans.create', { customer_id: cust, name: 'Lawn', price: 45, billing_frequency: 'monthly', starts_on: start });
    const { code, out } = await runCli('plan:bill', '--tenant', c.tenantId, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ plans_billed: 1, invoices_created: 1 });
    expect((await c.client.call('invoices.list', {})).data).toEqual([expect.objectContaining({ number: 'INV-1001', total: 45, status: 'draft' })]);
  });
});

describe('money: the daily billing schedule', () => {
  it('is registered only when SCHEDULER_ENABLED', async () => {
    const { SchedulerRegistry } = await import('@nestjs/schedule');
    const on = await startApp({ SCHEDULER_ENABLED: 'true' });
    try {
      expect(on.app.get(SchedulerRegistry).doesExist('cron', 'plan-billing')).toBe(true);
    } finally {
      await on.close();
    }
    const off = await startApp({ SCHEDULER_ENABLED: 'false' });
    try {
      // no cron registry at all: nothing is scheduled in this process
      const { ModulesContainer } = await import('@nestjs/core');
      const modules = [...off.app.get(ModulesContainer).values()].map((m) => m.metatype?.name);
      expect(modules).toContain('PlansModule');
      expect(modules).not.toContain('ScheduleModule');
    } finally {
      await off.close();
    }
  });

  it('closing the server during a billing run stops the run after the plan in hand: none fails, and close waits for it', async () => {
    const on = await startApp({ SCHEDULER_ENABLED: 'true' });
    const tenant = await newTenant(on);
    const cust = (await tenant.client.call('customers.create', { display_name: 'D' })).id;
    const start = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) await tenant.client.call('plans.create', { customer_id: cust, name: `Lawn ${i}`, price: 45, billing_frequency: 'monthly', starts_on: start });
    // every plan the run takes on is slow, so the close below lands in the middle of it
    const slow = slowCalls(PlanBillingService.prototype, 'billPlan', 200);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const run = on.app.get(PlanBillingScheduler).tick();
      await slow.started;
      await on.close();
      const after = slow.calls();
      await run;
      await new Promise((r) => setTimeout(r, 300));
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual([]);
      expect(after).toBe(1);
      expect(slow.calls()).toBe(after);
    } finally {
      slow.restore();
      error.mockRestore();
    }
  });
});
