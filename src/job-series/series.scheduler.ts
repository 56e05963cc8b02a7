import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { ScheduledRun } from '../common/scheduled-run';
import { SeriesGenerator } from './series-generator';

/**
 * Extends every active series' window: at start-up and every hour (so a failed first generation
 * is retried soon). SCHEDULER_ENABLED=false turns it off (tests, one-off CLI processes); the
 * advisory lock in SeriesGenerator.run keeps two servers from running it at once. On shutdown the
 * run in flight stops after the series in hand (each series is its own transaction; the next run
 * picks up the rest) and the close waits for it, before the database is closed.
 */
@Injectable()
export class SeriesScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SeriesScheduler');
  private readonly window = new ScheduledRun((signal) => this.windowRun(signal));
  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly generator: SeriesGenerator,
  ) {}

  onApplicationBootstrap() {
    if (this.config.schedulerEnabled) setImmediate(() => void this.tick());
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'job-series-window' })
  tick(): Promise<void> {
    return this.config.schedulerEnabled ? this.window.run() : Promise.resolve();
  }

  onModuleDestroy(): Promise<void> {
    return this.window.stop();
  }

  private async windowRun(signal: AbortSignal) {
    try {
      const r = await this.generator.run({ signal });
      if (!r.skipped && r.jobs_created) this.log.log(`extended ${r.series_processed} series, ${r.jobs_created} jobs created`);
    } catch (e) {
      this.log.error(`series window run failed: ${(e as Error).message}`);
    }
  }
}
