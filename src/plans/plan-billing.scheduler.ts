import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { PlanBillingService } from './plan-billing.service';

const JOB = 'plan-billing';

/** The daily billing run (01:15 UTC), only when SCHEDULER_ENABLED. */
@Injectable()
export class PlanBillingScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger('PlanBilling');

  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly registry: SchedulerRegistry,
    private readonly billing: PlanBillingService,
  ) {}

  onApplicationBootstrap() {
    if (!this.config.schedulerEnabled || this.registry.doesExist('cron', JOB)) return;
    const job = CronJob.from({
      cronTime: '15 1 * * *',
      timeZone: 'UTC',
      onTick: () => this.tick(),
    });
    this.registry.addCronJob(JOB, job);
    job.start();
  }

  private async tick() {
    try {
      const r = await this.billing.run();
      this.log.log(`billed ${r.plans_billed} plans, ${r.invoices_created} invoices`);
    } catch (e) {
      this.log.error(`billing run failed: ${(e as Error).message}`);
    }
  }
}
