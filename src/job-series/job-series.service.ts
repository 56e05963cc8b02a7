import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { Conflict, InvalidField, NotFound } from '../common/errors';
import { pageOf, toPage } from '../common/paging';
import { syncOrder, touch, whereSync } from '../common/sync';
import { ensureOwned } from '../common/references';
import { CustomersService } from '../customers/customers.service';
import { JobsService } from '../jobs/jobs.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { CreateJobSeriesInput, ListJobSeriesInput, UpdateJobSeriesInput } from './dto/job-series.inputs';
import { toJobSeriesOutput, toSeriesAssignmentOutput, toSeriesLineItemOutput } from './dto/job-series.output';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeries } from './job-series.entity';
import { isValidTimezone, todayIn, validateRrule } from './recurrence';
import { SeriesGenerator } from './series-generator';
import { RecurrenceBudgetExceeded } from './expansion';
import { isTransient } from '../mcp/to-json-rpc-error';
import { LineItemData, resolveJobLines } from '../jobs/job-children';
import { LocationsService } from '../locations/locations.service';
import { noteStatusChange } from '../webhooks/outbox';

@Injectable()
export class JobSeriesService {
  private readonly log = new Logger('JobSeries');
  constructor(
    @InjectRepository(JobSeries) private readonly jobSeriesRepo: Repository<JobSeries>,
    @InjectRepository(JobSeriesLineItem) private readonly jobSeriesLineItemRepo: Repository<JobSeriesLineItem>,
    @InjectRepository(JobSeriesAssignment) private readonly jobSeriesAssignmentRepo: Repository<JobSeriesAssignment>,
    private readonly generator: SeriesGenerator,
    private readonly locations: LocationsService,
    private readonly customers: CustomersService,
    private readonly jobs: JobsService,
    private readonly tenancy: TenancyService,
  ) {}

  async list(ctx: ToolContext, input: ListJobSeriesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.jobSeriesRepo).createQueryBuilder('s').where('s.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 's', input);
    if (input.customerId) qb.andWhere('s.customer_id = :customerId', { customerId: input.customerId });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 's', sync, (q) => q.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toJobSeriesOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    const s = await this.find(ctx, id);
    const [lineItems, assignments] = await Promise.all([
      txRepo(ctx, this.jobSeriesLineItemRepo).find({ where: { tenantId: ctx.tenantId, seriesId: id }, order: { sortOrder: 'ASC', createdAt: 'ASC' } }),
      txRepo(ctx, this.jobSeriesAssignmentRepo).find({ where: { tenantId: ctx.tenantId, seriesId: id }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      ...toJobSeriesOutput(s),
      job_series_line_items: lineItems.map(toSeriesLineItemOutput),
      job_series_assignments: assignments.map(toSeriesAssignmentOutput),
    };
  }

  async create(ctx: ToolContext, input: CreateJobSeriesInput) {
    await this.checkSchedule(input.rrule, input.timezone, input.dtstart);
    if (input.ends_on && input.ends_on < input.dtstart) throw InvalidField('ends_on', 'ends_on must not be before dtstart');
    checkTimes(input.start_time ?? null, input.duration_minutes ?? null);
    await this.checkReferences(ctx, input);
    if (input.location_id) await this.locations.ensureUsable(ctx, input.location_id, input.customer_id);
    const lineItems = await resolveJobLines(ctx, input.line_items ?? []);
    const s = await txRepo(ctx, this.jobSeriesRepo).save(
      txRepo(ctx, this.jobSeriesRepo).create({
        tenantId: ctx.tenantId,
        title: input.title,
        description: input.description ?? null,
        rrule: input.rrule,
        timezone: input.timezone,
        dtstart: input.dtstart,
        endsOn: input.ends_on ?? null,
        maxOccurrences: input.max_occurrences ?? null,
        flatPrice: input.flat_price ?? null,
        customerId: input.customer_id ?? null,
        locationId: input.location_id ?? null,
        startTime: input.start_time ?? null,
        durationMinutes: input.duration_minutes ?? null,
        createdBy: actorUserId(ctx)!, // the tool is userActor: UserActorGuard refused tenant keys
        endedAt: null,
      }),
    );
    await this.writeTemplate(ctx, s.id, lineItems, input.assigned_user_ids ?? []);
    await this.generateSafely(ctx, s);
    return toJobSeriesOutput(s);
  }

  async update(ctx: ToolContext, input: UpdateJobSeriesInput) {
    const s = await this.find(ctx, input.id, true);
    if (s.endedAt) throw Conflict('This series has ended; an ended series cannot be changed or resumed.');
    await this.checkSchedule(input.rrule ?? s.rrule, input.timezone ?? s.timezone, s.dtstart, input.rrule !== undefined, input.timezone !== undefined);
    const endsOn = input.ends_on !== undefined ? input.ends_on : s.endsOn;
    if (input.ends_on && input.ends_on < s.dtstart) throw InvalidField('ends_on', 'ends_on must not be before dtstart');
    await this.checkReferences(ctx, input);
    if (input.title !== undefined) s.title = input.title;
    if (input.rrule !== undefined) s.rrule = input.rrule;
    if (input.timezone !== undefined) s.timezone = input.timezone;
    if (input.description !== undefined) s.description = input.description;
    if (input.flat_price !== undefined) s.flatPrice = input.flat_price;
    if (input.customer_id !== undefined) s.customerId = input.customer_id;
    if (input.max_occurrences !== undefined) s.maxOccurrences = input.max_occurrences;
    if (input.location_id !== undefined) s.locationId = input.location_id;
    if (s.locationId && (input.location_id !== undefined || input.customer_id !== undefined)) await this.locations.ensureUsable(ctx, s.locationId, s.customerId);
    if (input.start_time !== undefined) s.startTime = input.start_time;
    // clearing start_time clears the duration with it, unless a duration is sent (then: invalid_input)
    if (input.duration_minutes !== undefined) s.durationMinutes = input.duration_minutes;
    else if (input.start_time === null) s.durationMinutes = null;
    checkTimes(s.startTime, s.durationMinutes);
    s.endsOn = endsOn;
    const lineItems = input.line_items && (await resolveJobLines(ctx, input.line_items, await this.linkedItems(ctx, s.id)));
    const saved = await txRepo(ctx, this.jobSeriesRepo).save(s);
    await this.writeTemplate(ctx, s.id, lineItems, input.assigned_user_ids);
    // its template lines and assignees are part of the series: a sync (updated_since) must see the change
    if (input.line_items !== undefined || input.assigned_user_ids !== undefined) saved.updatedAt = await touch(ctx.em, JobSeries, ctx.tenantId, s.id);
    // edit-all: future unscheduled/scheduled instances go and are regenerated from the new template;
    // done, cancelled and past instances are the historical record and stay untouched
    await this.jobs.deleteFutureSeriesInstances(ctx, s.id, todayIn(s.timezone));
    await this.generateSafely(ctx, saved);
    return toJobSeriesOutput(saved);
  }

  async end(ctx: ToolContext, id: string) {
    const s = await this.find(ctx, id, true);
    if (!s.endedAt) {
      const today = todayIn(s.timezone);
      s.endedAt = new Date();
      if (!s.endsOn || s.endsOn > today) s.endsOn = today;
      await txRepo(ctx, this.jobSeriesRepo).save(s);
      // each cancelled instance is a jobs.status_changed event (webhooks)
      for (const { job, from } of await this.jobs.cancelSeriesInstances(ctx, s.id, today)) noteStatusChange(ctx, job, from, job.status);
    }
    return { ended: true as const, id: s.id };
  }

  /** For other modules: a job series id must be this tenant's, else invalid_input naming the field. */
  ensureInTenant(ctx: ToolContext, id: string, field = 'job_series_id'): Promise<JobSeries> {
    return ensureOwned(ctx.em, ctx, JobSeries, id, field, 'job series');
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<JobSeries> {
    const row = await txRepo(ctx, this.jobSeriesRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('job series', id);
    return row;
  }

  private async checkSchedule(rrule: string, timezone: string, dtstart: string, checkRule = true, checkTz = true) {
    if (checkTz && !isValidTimezone(timezone)) throw InvalidField('timezone', `timezone must be an IANA time zone name such as America/Los_Angeles, got "${timezone}"`);
    if (checkRule) await validateRrule(rrule, todayIn(isValidTimezone(timezone) ? timezone : 'UTC'), dtstart);
  }

  private async checkReferences(ctx: ToolContext, input: { customer_id?: string | null; assigned_user_ids?: string[] }) {
    if (input.customer_id) await this.customers.ensureInTenant(ctx, input.customer_id);
    if (input.assigned_user_ids?.length) await this.tenancy.ensureMembers(ctx, input.assigned_user_ids, 'assigned_user_ids', 'team member');
  }

  /** Replaces the template lists wholesale; undefined leaves a list untouched. */
  private async writeTemplate(ctx: ToolContext, seriesId: string, lineItems?: LineItemData[], userIds?: string[]) {
    const { tenantId } = ctx;
    if (lineItems !== undefined) {
      await txRepo(ctx, this.jobSeriesLineItemRepo).delete({ tenantId, seriesId });
      if (lineItems.length)
        await txRepo(ctx, this.jobSeriesLineItemRepo).insert(
          lineItems.map((li, i) => ({
            tenantId,
            seriesId,
            catalogItemId: li.catalog_item_id ?? null,
            description: li.description,
            unitPrice: li.unit_price,
            quantity: li.quantity,
            sortOrder: li.sort_order ?? i,
          })),
        );
    }
    if (userIds !== undefined) {
      await txRepo(ctx, this.jobSeriesAssignmentRepo).delete({ tenantId, seriesId });
      const unique = [...new Set(userIds)];
      if (unique.length) await txRepo(ctx, this.jobSeriesAssignmentRepo).insert(unique.map((userId) => ({ tenantId, seriesId, userId })));
    }
  }

  /** The catalog items the template already links (they stay usable on it once archived). */
  private async linkedItems(ctx: ToolContext, seriesId: string): Promise<(string | null)[]> {
    const rows = await txRepo(ctx, this.jobSeriesLineItemRepo).find({ where: { tenantId: ctx.tenantId, seriesId }, select: { catalogItemId: true } });
    return rows.map((r) => r.catalogItemId);
  }

  /**
   * Generates the window inside a savepoint. A transient database failure (lock timeout,
   * serialization, lost connection) leaves the series created, as the seeds say, and the scheduler
   * generates the instances shortly after. Any other failure would fail again on every retry, so
   * the call fails and nothing of it is written: a series is never reported created without its
   * first window for a reason that will not pass.
   */
  private async generateSafely(ctx: ToolContext, s: JobSeries) {
    await ctx.em.query('SAVEPOINT series_generate');
    try {
      await this.generator.generate(ctx.em, s);
      await ctx.em.query('RELEASE SAVEPOINT series_generate');
    } catch (e) {
      await ctx.em.query('ROLLBACK TO SAVEPOINT series_generate');
      if (e instanceof RecurrenceBudgetExceeded) throw InvalidField('rrule', 'rrule is too costly to expand: simplify it');
      if (!isTransient(e)) throw e;
      this.log.warn(`series ${s.id}: first generation failed, the scheduler will retry: ${(e as Error).message}`);
    }
  }
}

/** duration_minutes only makes sense from a start time: without one it is invalid_input. */
function checkTimes(startTime: string | null, durationMinutes: number | null) {
  if (durationMinutes !== null && startTime === null)
    throw InvalidField('duration_minutes', 'duration_minutes needs a start_time: set start_time too, or send duration_minutes: null');
}
