import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ToolContext } from '../common/context';
import { InvoicesService, todayUtc } from '../invoices/invoices.service';
import { CATCH_UP_MONTHS, catchUpStart, nextBillingDate } from './periods';
import { Plan } from './plan.entity';
import { SYSTEM_SCOPES } from '../auth/scope-policy';

// One run at a time across every server: a session-level PostgreSQL advisory lock (a second run
// waits, then finds nothing due). Idempotent per (plan, period): the plan row is locked while it is
// billed, and invoices carry a unique (tenant_id, plan_id, plan_period_start).
const LOCK_KEY = 7_261_002_001; // "zoop plan billing"

export interface BillingResult {
  plans_billed: number;
  invoices_created: number;
}

@Injectable()
export class PlanBillingService {
  private readonly log = new Logger('PlanBilling');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly invoices: InvoicesService,
  ) {}

  /**
   * Bills every active plan whose next_billing_on ≤ today (UTC), one draft invoice per due period.
   * An aborted `signal` (shutdown) ends the run before the next plan.
   */
  async run(opts: { tenantId?: string; today?: string; signal?: AbortSignal } = {}): Promise<BillingResult> {
    const today = opts.today ?? todayUtc();
    const result: BillingResult = { plans_billed: 0, invoices_created: 0 };
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        const due: { id: string; tenant_id: string }[] = await qr.query(
          `SELECT id, tenant_id FROM plans
           WHERE status = 'active' AND next_billing_on <= $1 AND (ends_on IS NULL OR next_billing_on <= ends_on)
             AND ($2::uuid IS NULL OR tenant_id = $2::uuid)
           ORDER BY next_billing_on, id`,
          [today, opts.tenantId ?? null],
        );
        for (const p of due) {
          if (opts.signal?.aborted) break;
          await qr.startTransaction();
          try {
            const created = await this.billPlan(qr.manager, p.tenant_id, p.id, today);
            await qr.commitTransaction();
            if (created) {
              result.plans_billed++;
              result.invoices_created += created;
            }
          } catch (e) {
            await qr.rollbackTransaction();
            this.log.error(`billing plan ${p.id} failed: ${(e as Error).message}`);
          }
        }
      } finally {
        await qr.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } finally {
      await qr.release();
    }
    return result;
  }

  private async billPlan(em: DataSource['manager'], tenantId: string, planId: string, today: string): Promise<number> {
    const plan = await em.findOne(Plan, { where: { tenantId, id: planId }, lock: { mode: 'pessimistic_write' } });
    if (!plan || plan.status !== 'active') return 0;
    const ctx: ToolContext = { tenantId, actor: { kind: 'tenant_key', keyId: 'system:plan-billing' }, scopes: SYSTEM_SCOPES, requestId: `plan-billing:${planId}`, em };
    let created = 0;
    // periods older than the catch-up horizon (a plan stored before the bound, or written by hand)
    // are not billed: the run stays bounded whatever starts_on is
    const horizon = catchUpStart(today);
    let skipped = 0;
    while (plan.nextBillingOn < horizon && (!plan.endsOn || plan.nextBillingOn <= plan.endsOn)) {
      plan.nextBillingOn = nextBillingDate(plan.startsOn, plan.nextBillingOn, plan.billingFrequency);
      skipped++;
    }
    if (skipped) this.log.warn(`plan ${planId}: ${skipped} periods before ${horizon} not billed (billing catches up at most ${CATCH_UP_MONTHS} months)`);
    while (plan.nextBillingOn <= today && (!plan.endsOn || plan.nextBillingOn <= plan.endsOn)) {
      const period = plan.nextBillingOn;
      if (!(await this.invoices.existsForPlanPeriod(ctx, planId, period))) {
        await this.invoices.createDraft(ctx, {
          customerId: plan.customerId,
          planId,
          planPeriodStart: period,
          lineItems: [{ description: plan.name, unit_price: plan.price, quantity: 1 }],
        });
        created++;
      }
      plan.nextBillingOn = nextBillingDate(plan.startsOn, period, plan.billingFrequency);
    }
    await em.save(plan);
    return created;
  }
}
