import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeries } from './job-series.entity';
import { DomainError } from '../common/errors';
import { RecurrenceBudgetExceeded } from './expansion';
import { instanceTimes, windowDates } from './recurrence';
import { insertEvents } from '../webhooks/outbox';

/** Advisory lock key of the window-extension run (one per cluster). */
export const SERIES_LOCK_KEY = 7_263_451_901;

/** At most this many line items are written per series and run (template lines × new instances). */
export const MAX_LINES_PER_RUN = 20_000;

/**
 * Materialises a series' window of instances. Idempotent: the unique (tenant_id, series_id,
 * occurrence_date) constraint and INSERT … ON CONFLICT DO NOTHING mean a date that already has an
 * instance (from an earlier, a concurrent or another server's run) is skipped; only the rows this
 * call really inserted get the template's line items and assignments.
 */
@Injectable()
export class SeriesGenerator {
  private readonly log = new Logger('SeriesGenerator');
  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly ds: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async generate(em: EntityManager, series: JobSeries, now: Date = new Date()): Promise<number> {
    if (series.endedAt) return 0;
    const { tenantId } = series;
    const [lineItems, assignments] = await Promise.all([
      em.find(JobSeriesLineItem, { where: { tenantId, seriesId: series.id }, order: { sortOrder: 'ASC', createdAt: 'ASC' } }),
      em.find(JobSeriesAssignment, { where: { tenantId, seriesId: series.id } }),
    ]);
    // lines × instances is bounded: a long horizon with a big template materialises its first dates only
    const dates = (await windowDates(series, this.config.seriesHorizonDays, now)).slice(0, Math.floor(MAX_LINES_PER_RUN / Math.max(1, lineItems.length)));
    if (!dates.length) return 0;
    const times = dates.map((d) => instanceTimes(series, d));
    // the jobs module writes its rows (one statement, in this transaction)
    const jobs = await this.jobs.insertSeriesInstances(em, {
      tenantId,
      seriesId: series.id,
      title: series.title,
      description: series.description,
      customerId: series.customerId,
      locationId: series.locationId,
      flatPrice: series.flatPrice,
      createdBy: series.createdBy,
      dates,
      starts: times.map((t) => t.scheduledStart),
      ends: times.map((t) => t.scheduledEnd),
      lineItems: lineItems.map((li) => ({
        catalog_item_id: li.catalogItemId,
        description: li.description,
        unit_price: li.unitPrice,
        quantity: li.quantity,
        sort_order: li.sortOrder,
      })),
      assignedUserIds: assignments.map((a) => a.userId),
    });
    if (!jobs.length) return 0;
    // each new instance is a jobs.created event, by the system (webhooks)
    await insertEvents(
      em,
      tenantId,
      'system',
      jobs.map((object) => ({ type: 'jobs.created', data: { object } })),
    );
    return jobs.length;
  }

  /**
   * Extends every active series' window (optionally one tenant's), each series in its own short
   * transaction. Only one process runs it at a time (PostgreSQL advisory lock); a second caller
   * gets {skipped: true}. Series whose first generation failed are simply picked up here. An aborted
   * `signal` (shutdown) ends the run before the next series.
   */
  async run(opts: { tenantId?: string; now?: Date; wait?: boolean; signal?: AbortSignal } = {}): Promise<{ series_processed: number; jobs_created: number; skipped?: boolean }> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      if (opts.wait) await runner.query('SELECT pg_advisory_lock($1)', [SERIES_LOCK_KEY]);
      else {
        const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SERIES_LOCK_KEY]);
        if (!locked) return { series_processed: 0, jobs_created: 0, skipped: true };
      }
      try {
        const ids = await this.ds.getRepository(JobSeries).find({
          select: { id: true, tenantId: true },
          where: { endedAt: IsNull(), ...(opts.tenantId ? { tenantId: opts.tenantId } : {}) },
          order: { createdAt: 'ASC' },
        });
        let created = 0;
        let processed = 0;
        for (const { id, tenantId } of ids) {
          if (opts.signal?.aborted) break;
          try {
            created += await this.ds.transaction(async (em) => {
              const s = await em.findOne(JobSeries, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
              return s ? this.generate(em, s, opts.now) : 0;
            });
            processed++;
          } catch (e) {
            // a stored rule that no longer parses or blows the expansion budget (expansion.ts) is
            // skipped, so one bad series never holds up the others, the start-up or the hourly run
            if (e instanceof RecurrenceBudgetExceeded || e instanceof DomainError) this.log.warn(`series ${id} skipped: its rule cannot be expanded: ${e.message}`);
            else this.log.error(`series ${id}: generation failed: ${(e as Error).message}`);
          }
        }
        return { series_processed: processed, jobs_created: created };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SERIES_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
