import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { JobAssignment } from '../jobs/job-assignment.entity';
import { JobLineItem } from '../jobs/job-line-item.entity';
import { Job } from '../jobs/job.entity';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeries } from './job-series.entity';
import { instanceTimes, windowDates } from './recurrence';
import { jobOutputs } from '../jobs/job-rows';
import { insertEvents } from '../webhooks/outbox';

/** Advisory lock key of the window-extension run (one per cluster). */
export const SERIES_LOCK_KEY = 7_263_451_901;

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
  ) {}

  async generate(em: EntityManager, series: JobSeries, now: Date = new Date()): Promise<number> {
    if (series.endedAt) return 0;
    const dates = windowDates(series, this.config.seriesHorizonDays, now);
    if (!dates.length) return 0;
    const { tenantId } = series;
    const [lineItems, assignments] = await Promise.all([
      em.find(JobSeriesLineItem, { where: { tenantId, seriesId: series.id }, order: { sortOrder: 'ASC', createdAt: 'ASC' } }),
      em.find(JobSeriesAssignment, { where: { tenantId, seriesId: series.id } }),
    ]);
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(Job)
      .values(
        dates.map((d) => ({
          tenantId,
          seriesId: series.id,
          occurrenceDate: d,
          title: series.title,
          description: series.description,
          customerId: series.customerId,
          locationId: series.locationId,
          flatPrice: series.flatPrice,
          status: 'scheduled' as const,
          ...instanceTimes(series, d),
          completedAt: null,
          createdBy: series.createdBy,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    const jobIds: string[] = (inserted.raw as { id: string }[]).map((r) => r.id);
    if (!jobIds.length) return 0;
    if (lineItems.length)
      await em.insert(
        JobLineItem,
        jobIds.flatMap((jobId) =>
          lineItems.map((li) => ({ tenantId, jobId, catalogItemId: li.catalogItemId, description: li.description, unitPrice: li.unitPrice, quantity: li.quantity, sortOrder: li.sortOrder })),
        ),
      );
    if (assignments.length)
      await em.insert(
        JobAssignment,
        jobIds.flatMap((jobId) => assignments.map((a) => ({ tenantId, jobId, userId: a.userId, assignedBy: series.createdBy }))),
      );
    // each new instance is a jobs.created event, by the system (webhooks)
    const jobs = await jobOutputs(em, tenantId, jobIds);
    await insertEvents(em, tenantId, 'system', jobs.map((object) => ({ type: 'jobs.created', data: { object } })));
    return jobIds.length;
  }

  /**
   * Extends every active series' window (optionally one tenant's), each series in its own short
   * transaction. Only one process runs it at a time (PostgreSQL advisory lock); a second caller
   * gets {skipped: true}. Series whose first generation failed are simply picked up here.
   */
  async run(opts: { tenantId?: string; now?: Date; wait?: boolean } = {}): Promise<{ series_processed: number; jobs_created: number; skipped?: boolean }> {
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
          try {
            created += await this.ds.transaction(async (em) => {
              const s = await em.findOne(JobSeries, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
              return s ? this.generate(em, s, opts.now) : 0;
            });
            processed++;
          } catch (e) {
            this.log.error(`series ${id}: generation failed: ${(e as Error).message}`);
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
