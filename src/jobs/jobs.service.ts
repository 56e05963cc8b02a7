import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { EntityManager, Repository } from 'typeorm';
import { QuotesService } from '../quotes/quotes.service';
import { CustomersService, summaryOf } from '../customers/customers.service';
import { LocationsService } from '../locations/locations.service';
import { TenancyService } from '../tenancy/tenancy.service';
import type { JobToBill } from '../invoices/invoices.service';
import { actorUserId, ToolContext } from '../common/context';
import { requireAnyScope, requireScope } from '../auth/scope-policy';
import { InvalidField, NotFound } from '../common/errors';
import { ensureOwned } from '../common/references';
import { CreateJobInput, ListJobsInput, UpdateJobInput } from './dto/job.inputs';
import { CustomerSummary, toJobOutput } from './dto/job.output';
import { resolveJobLines, writeJobChildren } from './job-children';
import { JobLineItem } from './job-line-item.entity';
import { getJob, listJobs } from './job-read.sql';
import { cancelSeriesInstances, checkJobReferences, insertJob, insertSeriesInstances, SeriesInstances } from './job-write.sql';
import { jobOutputs } from './job-rows';
import { Job, JobStatus } from './job.entity';
import { noteStatusChange } from '../webhooks/outbox';

/** Status a job gets when its scheduled_start is (re)set, unless it is done or cancelled. */
export function deriveStatus(current: JobStatus, scheduledStart: Date | null): JobStatus {
  if (current === 'unscheduled' && scheduledStart) return 'scheduled';
  if (current === 'scheduled' && !scheduledStart) return 'unscheduled';
  return current;
}

const toDate = (v: string | null | undefined) => (v === null || v === undefined ? null : new Date(v));

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(Job) private readonly jobRepo: Repository<Job>,
    @InjectRepository(JobLineItem) private readonly jobLineItemRepo: Repository<JobLineItem>,
    private readonly quotes: QuotesService,
    private readonly customers: CustomersService,
    private readonly locations: LocationsService,
    private readonly tenancy: TenancyService,
  ) {}

  list(ctx: ToolContext, input: ListJobsInput) {
    return listJobs(ctx.em, ctx.tenantId, input, input.page ?? 1);
  }

  async get(ctx: ToolContext, id: string) {
    const job = await getJob(ctx.em, ctx.tenantId, id);
    if (!job) throw NotFound('job', id);
    return job;
  }

  /** A job's location must be the tenant's and, when the job has a customer, that customer's. */
  private async checkLocation(ctx: ToolContext, locationId: string, customerId: string | null) {
    await this.locations.ensureUsable(ctx, locationId, customerId);
  }

  async create(ctx: ToolContext, input: CreateJobInput) {
    if (input.quote_id) requireScope(ctx, 'read:quotes', `copying quote ${input.quote_id} into a job`);
    const quote = input.quote_id ? await this.quotes.approvedForJob(ctx, input.quote_id, 'quote_id') : null;
    let quoteItems: (string | null)[] = [];
    if (quote) {
      // the quote fills what the caller did not give
      if (input.customer_id === undefined) input.customer_id = quote.customerId;
      if (input.location_id === undefined) input.location_id = quote.locationId;
      if (input.line_items === undefined) {
        input.line_items = quote.lineItems.map((l) => ({
          catalog_item_id: l.catalog_item_id,
          description: l.description,
          unit_price: l.unit_price,
          quantity: l.quantity!,
          sort_order: l.sort_order,
        }));
        quoteItems = quote.lineItems.map((l) => l.catalog_item_id ?? null);
      }
    }
    showsCustomer(ctx, input.customer_id);
    const lineItems = input.line_items && (await resolveJobLines(ctx, input.line_items, quoteItems));
    if (input.location_id) {
      // the location must be the customer's: check the customer first, so its error comes first
      const customer = await checkJobReferences(ctx.em, ctx.tenantId, input.customer_id ?? null, input.assigned_user_ids ?? []);
      await this.checkLocation(ctx, input.location_id, customer?.id ?? null);
    }
    const scheduledStart = toDate(input.scheduled_start);
    const scheduledEnd = toDate(input.scheduled_end);
    checkSchedule(scheduledStart, scheduledEnd);
    // the one write of jobs.create (marked oneStatement): the customer and assignee check, the job,
    // its lines and assignments and the audit row, in one statement
    const { job, customer } = await insertJob(
      ctx,
      {
        tenantId: ctx.tenantId,
        customerId: input.customer_id ?? null,
        quoteId: quote?.quoteId ?? null,
        locationId: input.location_id ?? null,
        title: input.title,
        description: input.description ?? null,
        flatPrice: input.flat_price ?? null,
        status: scheduledStart ? 'scheduled' : 'unscheduled',
        scheduledStart,
        scheduledEnd,
        createdBy: actorUserId(ctx),
      },
      lineItems ?? [],
      input.assigned_user_ids ?? [],
    );
    return toJobOutput(job, customer);
  }

  async update(ctx: ToolContext, input: UpdateJobInput) {
    const job = await this.find(ctx, input.id, true);
    const from = job.status;
    const newCustomer = input.customer_id ? await this.customers.ensureInTenant(ctx, input.customer_id) : null;
    if (input.assigned_user_ids) await this.ensureMembers(ctx, input.assigned_user_ids);
    if (input.title !== undefined) job.title = input.title;
    if (input.customer_id !== undefined) job.customerId = input.customer_id;
    if (input.location_id !== undefined) job.locationId = input.location_id;
    if (job.locationId && (input.location_id !== undefined || input.customer_id !== undefined)) await this.checkLocation(ctx, job.locationId, job.customerId);
    if (input.description !== undefined) job.description = input.description;
    if (input.flat_price !== undefined) job.flatPrice = input.flat_price;
    if (input.scheduled_end !== undefined) job.scheduledEnd = toDate(input.scheduled_end);
    if (input.scheduled_start !== undefined) {
      job.scheduledStart = toDate(input.scheduled_start);
      // an explicit status wins; done and cancelled are never derived away
      if (input.status === undefined) job.status = deriveStatus(job.status, job.scheduledStart);
    }
    if (input.status !== undefined) this.setStatus(job, input.status);
    // name the field the caller sent: a new start after the stored end is the start's fault
    checkSchedule(job.scheduledStart, job.scheduledEnd, input.scheduled_end === undefined ? 'scheduled_start' : 'scheduled_end');
    showsCustomer(ctx, job.customerId);
    if (input.line_items !== undefined || input.assigned_user_ids !== undefined) {
      job.updatedAt = new Date(); // the children are part of the job: touch it even if no column changed
      const linked = input.line_items?.length
        ? (await txRepo(ctx, this.jobLineItemRepo).find({ where: { tenantId: ctx.tenantId, jobId: job.id }, select: { catalogItemId: true } })).map((l) => l.catalogItemId)
        : [];
      await writeJobChildren(ctx.em, ctx.tenantId, job.id, {
        lineItems: input.line_items && (await resolveJobLines(ctx, input.line_items, linked)),
        assignedUserIds: input.assigned_user_ids,
        assignedBy: actorUserId(ctx),
      });
    }
    await txRepo(ctx, this.jobRepo).save(job);
    noteStatusChange(ctx, { id: job.id }, from, job.status);
    return toJobOutput(job, newCustomer ? summaryOf(newCustomer) : await this.customerSummary(ctx, job.customerId));
  }

  async cancel(ctx: ToolContext, id: string) {
    const job = await this.find(ctx, id, true);
    showsCustomer(ctx, job.customerId);
    if (job.status !== 'cancelled') {
      const from = job.status;
      this.setStatus(job, 'cancelled');
      await txRepo(ctx, this.jobRepo).save(job);
      noteStatusChange(ctx, { id: job.id }, from, job.status);
    }
    return toJobOutput(job, await this.customerSummary(ctx, job.customerId));
  }

  /** done stamps completed_at (kept if the job was already done); any other status clears it. */
  private setStatus(job: Job, status: JobStatus) {
    if (status === 'done') job.completedAt = job.status === 'done' && job.completedAt ? job.completedAt : new Date();
    else job.completedAt = null;
    job.status = status;
  }

  /** A job of this tenant, or not_found (another tenant's job is simply not there). */
  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Job> {
    const row = await txRepo(ctx, this.jobRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('job', id);
    return row;
  }

  /** Every assigned user must be a member of the tenant; one bad id fails the whole request. */
  async ensureMembers(ctx: ToolContext, userIds: string[], field = 'assigned_user_ids'): Promise<void> {
    await this.tenancy.ensureMembers(ctx, userIds, field, 'member');
  }

  /** For other modules: a job_id must be this tenant's, else invalid_input naming the field. */
  ensureInTenant(ctx: ToolContext, id: string, field = 'job_id'): Promise<Job> {
    return ensureOwned(ctx.em, ctx, Job, id, field, 'job');
  }

  /** invoices.create with job_id: the job's title, price and line items (invalid_input naming `field` if it is not the tenant's). */
  async toBill(ctx: ToolContext, id: string, field = 'job_id'): Promise<JobToBill> {
    const job = await this.ensureInTenant(ctx, id, field);
    const lines = await txRepo(ctx, this.jobLineItemRepo).find({ where: { tenantId: ctx.tenantId, jobId: job.id }, order: { sortOrder: 'ASC' } });
    return {
      id: job.id,
      customerId: job.customerId,
      title: job.title,
      flatPrice: job.flatPrice,
      lineItems: lines.map((l) => ({ catalog_item_id: l.catalogItemId, description: l.description, unit_price: l.unitPrice, quantity: l.quantity })),
    };
  }

  /** Jobs as jobs.get/create return them (with their customer summary), in the order of `ids`: for events about many jobs. */
  outputs(em: EntityManager, tenantId: string, ids: string[]) {
    return jobOutputs(em, tenantId, ids, (ctx, customerIds) => this.customers.summaries(ctx, customerIds));
  }

  /**
   * Job series: inserts a window of instances with the template's lines and assignees, in one
   * prepared statement, in the caller's transaction. Returns the new jobs (dates that already
   * had an instance are skipped).
   */
  async insertSeriesInstances(em: EntityManager, s: SeriesInstances) {
    const ids = await insertSeriesInstances(em, s);
    return this.outputs(em, s.tenantId, ids);
  }

  /** Job series end: its future unscheduled/scheduled instances are cancelled; returns them with their previous status. */
  async cancelSeriesInstances(ctx: ToolContext, seriesId: string, today: string) {
    const cancelled = await cancelSeriesInstances(ctx.em, ctx.tenantId, seriesId, today);
    const from = new Map(cancelled.map((c) => [c.id, c.from]));
    return (
      await this.outputs(
        ctx.em,
        ctx.tenantId,
        cancelled.map((c) => c.id),
      )
    ).map((job) => ({ job, from: from.get(job.id)! }));
  }

  /** Job series edit-all: its future unscheduled/scheduled instances go (they are regenerated from the new template). */
  async deleteFutureSeriesInstances(ctx: ToolContext, seriesId: string, today: string): Promise<void> {
    await ctx.em
      .createQueryBuilder()
      .delete()
      .from(Job)
      .where('tenant_id = :tenantId AND series_id = :id', { tenantId: ctx.tenantId, id: seriesId })
      .andWhere("status IN ('unscheduled', 'scheduled')")
      // an instance whose start was cleared counts as future when its occurrence date is today or later
      .andWhere('COALESCE(scheduled_start >= now(), occurrence_date >= :today)', { today })
      .execute();
  }

  private async customerSummary(ctx: ToolContext, customerId: string | null): Promise<CustomerSummary | null> {
    if (!customerId) return null;
    return (await this.customers.summaries(ctx, [customerId])).get(customerId) ?? null;
  }
}

/**
 * A job carries its customer's {id, display_name} (the seeds make it part of the job record, read
 * with read:jobs). A write tool's result shows it too, so the key must be able to read it one way
 * or the other: read:jobs, or read:customers.
 */
function showsCustomer(ctx: ToolContext, customerId: string | null | undefined): void {
  if (customerId) requireAnyScope(ctx, ['read:customers', 'read:jobs'], "a job's result shows its customer's display_name, which");
}

function checkSchedule(start: Date | null, end: Date | null, field: 'scheduled_start' | 'scheduled_end' = 'scheduled_end') {
  if (start && end && end < start) throw InvalidField(field, field === 'scheduled_end' ? 'must not be earlier than scheduled_start' : 'must not be later than scheduled_end');
}
