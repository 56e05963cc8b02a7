import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { preparedQuery } from '../database/prepared';
import { childInsertsSql, lineArrays } from '../jobs/job-write.sql';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeries } from './job-series.entity';
import { DomainError } from '../common/errors';
import { RecurrenceBudgetExceeded } from './expansion';
import { instanceTimes, windowDates } from './recurrence';
import { jobOutputs } from '../jobs/job-rows';
import { insertEvents } from '../webhooks/outbox';

/** Advisory lock key of the window-extension run (one per cluster). */
export const SERIES_LOCK_KEY = 7_263_451_901;

/** At most this many line items are written per series and run (template lines × new instances). */
export const MAX_LINES_PER_RUN = 20_000;

// The instances of a window (ON CONFLICT: a date that already has one is skipped), and only for
// the rows really inserted, the template's line items and assignments (childInsertsSql's columns).
const CHILDREN = childInsertsSql('ins.id', 'ins, ', { tenant: 1, lines: 12, assignedBy: 8, users: 17 });
const INSERT_INSTANCES = `
WITH ins AS (
  INSERT INTO jobs (tenant_id, series_id, occurrence_date, title, description, customer_id, location_id, flat_price, status, scheduled_start, scheduled_end, completed_at, created_by)
  SELECT $1::uuid, $2::uuid, d.occurrence_date, $3::text, $4::text, $5::uuid, $6::uuid, $7::numeric, 'scheduled', d.scheduled_start, d.scheduled_end, NULL, $8::uuid
    FROM unnest($9::date[], $10::timestamptz[], $11::timestamptz[]) AS d(occurrence_date, scheduled_start, scheduled_end)
  ON CONFLICT DO NOTHING
  RETURNING id
), li AS (
  ${CHILDREN.lines}
), asg AS (
  ${CHILDREN.assignments}
)
SELECT COALESCE(array_agg(id), '{}') AS ids FROM ins`;

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
    const { tenantId } = series;
    const [lineItems, assignments] = await Promise.all([
      em.find(JobSeriesLineItem, { where: { tenantId, seriesId: series.id }, order: { sortOrder: 'ASC', createdAt: 'ASC' } }),
      em.find(JobSeriesAssignment, { where: { tenantId, seriesId: series.id } }),
    ]);
    // lines × instances is bounded: a long horizon with a big template materialises its first dates only
    const dates = (await windowDates(series, this.config.seriesHorizonDays, now)).slice(0, Math.floor(MAX_LINES_PER_RUN / Math.max(1, lineItems.length)));
    if (!dates.length) return 0;
    const times = dates.map((d) => instanceTimes(series, d));
    // one statement, a fixed number of parameters whatever the window and the template (arrays, unnest)
    const [{ ids: jobIds }] = await preparedQuery<{ ids: string[] }>(em, 'job_series.instances', INSERT_INSTANCES, [
      tenantId,
      series.id,
      series.title,
      series.description,
      series.customerId,
      series.locationId,
      series.flatPrice === null ? null : String(series.flatPrice),
      series.createdBy,
      dates,
      times.map((t) => t.scheduledStart),
      times.map((t) => t.scheduledEnd),
      ...lineArrays(lineItems.map((li) => ({ catalog_item_id: li.catalogItemId, description: li.description, unit_price: li.unitPrice, quantity: li.quantity, sort_order: li.sortOrder }))),
      assignments.map((a) => a.userId),
    ]);
    if (!jobIds.length) return 0;
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
