import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { ScheduledRun } from '../common/scheduled-run';
import { PlanBillingService } from './plan-billing.service';

/**
 * The daily billing run (01:15 UTC). Like the series scheduler, it runs only where AppModule loads
 * the cron registry (SCHEDULER_ENABLED); the advisory lock in PlanBillingService.run keeps two
 * servers from billing at once, and `plan:bill` in the admin CLI runs it by hand. On shutdown the
 * run in flight stops after the plan in hand (each plan is its own transaction; the next run bills
 * the rest) and the close waits for it, before the database is closed.
 */
@Injectable()
export class PlanBillingScheduler implements OnModuleDestroy {
  private readonly log = new Logger('PlanBilling');
  private readonly billing = new ScheduledRun((signal) => this.billingRun(signal));

  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly service: PlanBillingService,
  ) {}

  @Cron('15 1 * * *', { name: 'plan-billing', timeZone: 'UTC' })
  tick(): Promise<void> {
    return this.config.schedulerEnabled ? this.billing.run() : Promise.resolve();
  }

  onModuleDestroy(): Promise<void> {
    return this.billing.stop();
  }

  private async billingRun(signal: AbortSignal) {
    try {
      const r = await this.service.run({ signal });
      this.log.log(`billed ${r.plans_billed} plans, ${r.invoices_created} invoices`);
    } catch (e) {
      this.log.error(`billing run failed: ${(e as Error).message}`);
    }
  }
}
