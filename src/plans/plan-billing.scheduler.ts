import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
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
  private readonly stopping = new AbortController();
  private running?: Promise<void>;

  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly billing: PlanBillingService,
  ) {}

  @Cron('15 1 * * *', { name: 'plan-billing', timeZone: 'UTC' })
  tick(): Promise<void> {
    if (!this.config.schedulerEnabled || this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.billingRun().finally(() => (this.running = undefined));
    return this.running;
  }

  async onModuleDestroy() {
    this.stopping.abort();
    await this.running;
  }

  private async billingRun() {
    try {
      const r = await this.billing.run({ signal: this.stopping.signal });
      this.log.log(`billed ${r.plans_billed} plans, ${r.invoices_created} invoices`);
    } catch (e) {
      this.log.error(`billing run failed: ${(e as Error).message}`);
    }
  }
}
