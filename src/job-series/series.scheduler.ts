import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { SeriesGenerator } from './series-generator';

/**
 * Extends every active series' window: at start-up and every hour (so a failed first generation
 * is retried soon). SCHEDULER_ENABLED=false turns it off (tests, one-off CLI processes); the
 * advisory lock in SeriesGenerator.run keeps two servers from running it at once.
 */
@Injectable()
export class SeriesScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger('SeriesScheduler');
  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly generator: SeriesGenerator,
  ) {}

  onApplicationBootstrap() {
    if (this.config.schedulerEnabled) setImmediate(() => void this.tick());
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'job-series-window' })
  async tick() {
    if (!this.config.schedulerEnabled) return;
    try {
      const r = await this.generator.run();
      if (!r.skipped && r.jobs_created) this.log.log(`extended ${r.series_processed} series, ${r.jobs_created} jobs created`);
    } catch (e) {
      this.log.error(`series window run failed: ${(e as Error).message}`);
    }
  }
}
