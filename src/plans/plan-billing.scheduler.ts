import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { PlanBillingService } from './plan-billing.service';

/**
 * The daily billing run (01:15 UTC). Like the series scheduler, it runs only where AppModule loads
 * the cron registry (SCHEDULER_ENABLED); the advisory lock in PlanBillingService.run keeps two
 * servers from billing at once, and `plan:bill` in the admin CLI runs it by hand.
 */
@Injectable()
export class PlanBillingScheduler {
  private readonly log = new Logger('PlanBilling');

  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly billing: PlanBillingService,
  ) {}

  @Cron('15 1 * * *', { name: 'plan-billing', timeZone: 'UTC' })
  async tick() {
    if (!this.config.schedulerEnabled) return;
    try {
      const r = await this.billing.run();
      this.log.log(`billed ${r.plans_billed} plans, ${r.invoices_created} invoices`);
    } catch (e) {
      this.log.error(`billing run failed: ${(e as Error).message}`);
    }
  }
}
