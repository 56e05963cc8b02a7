import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { Conflict, InvalidField, NotFound } from '../common/errors';
import { pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync } from '../common/sync';
import { JobSeriesService } from '../job-series/job-series.service';
import { CustomersService } from '../customers/customers.service';
import { CreatePlanInput, ListPlansInput, UpdatePlanInput } from './dto/plan.inputs';
import { toPlanOutput } from './dto/plan.output';
import { Plan } from './plan.entity';
import { CATCH_UP_MONTHS, catchUpStart } from './periods';
import { todayUtc } from '../invoices/invoices.service';

@Injectable()
export class PlansService {
  constructor(
    @InjectRepository(Plan) private readonly planRepo: Repository<Plan>,
    private readonly jobSeries: JobSeriesService,
    private readonly customers: CustomersService,
  ) {}

  async list(ctx: ToolContext, input: ListPlansInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.planRepo).createQueryBuilder('p').where('p.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'p', input);
    if (input.customerId) qb.andWhere('p.customer_id = :customerId', { customerId: input.customerId });
    if (input.status) qb.andWhere('p.status = :status', { status: input.status });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'p', sync, (q) => q.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toPlanOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toPlanOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreatePlanInput) {
    await this.customers.ensureInTenant(ctx, input.customer_id);
    if (input.job_series_id) await this.linkSeries(ctx, input.job_series_id);
    if (input.ends_on && input.ends_on < input.starts_on) throw InvalidField('ends_on', 'ends_on must not be before starts_on');
    const earliest = catchUpStart(todayUtc());
    if (input.starts_on < earliest) throw InvalidField('starts_on', `starts_on must not be before ${earliest}: billing catches up at most ${CATCH_UP_MONTHS} months`);
    const row = txRepo(ctx, this.planRepo).create({
      tenantId: ctx.tenantId,
      customerId: input.customer_id,
      name: input.name,
      description: input.description ?? null,
      price: input.price,
      billingFrequency: input.billing_frequency,
      startsOn: input.starts_on,
      endsOn: input.ends_on ?? null,
      nextBillingOn: input.starts_on,
      jobSeriesId: input.job_series_id ?? null,
      status: 'active',
      cancelledAt: null,
      createdBy: actorUserId(ctx),
    });
    return toPlanOutput(await txRepo(ctx, this.planRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdatePlanInput) {
    const row = await this.find(ctx, input.id, true);
    if (row.status === 'cancelled') throw Conflict('This plan is cancelled: it cannot be updated.');
    if (input.job_series_id !== undefined && input.job_series_id !== row.jobSeriesId) {
      if (input.job_series_id) await this.linkSeries(ctx, input.job_series_id);
      row.jobSeriesId = input.job_series_id;
    }
    if (input.ends_on !== undefined) {
      if (input.ends_on && input.ends_on < row.startsOn) throw InvalidField('ends_on', 'ends_on must not be before starts_on');
      row.endsOn = input.ends_on;
    }
    if (input.name !== undefined) row.name = input.name;
    if (input.description !== undefined) row.description = input.description;
    if (input.price !== undefined) row.price = input.price;
    if (input.billing_frequency !== undefined) row.billingFrequency = input.billing_frequency;
    return toPlanOutput(await txRepo(ctx, this.planRepo).save(row));
  }

  /** status cancelled, cancelled_at stamped; cancelling a cancelled plan changes nothing. */
  async cancel(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (row.status !== 'cancelled') {
      row.status = 'cancelled';
      row.cancelledAt = new Date();
      // the linked series ends with the plan, in this same transaction: ending it and cancelling its
      // future jobs need the scopes job_series.end and jobs.cancel would
      const series = row.jobSeriesId ? await this.jobSeries.find(ctx, row.jobSeriesId) : null;
      const ends = series !== null && !series.endedAt;
      if (ends) {
        requireScope(ctx, 'write:job_series', 'cancelling a plan ends its linked job series, which');
        requireScope(ctx, 'write:jobs', "cancelling a plan cancels its linked series' future jobs, which");
      }
      await txRepo(ctx, this.planRepo).save(row);
      if (ends) await this.jobSeries.end(ctx, series.id);
    }
    return toPlanOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Plan> {
    const row = await txRepo(ctx, this.planRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('plan', id);
    return row;
  }

  /** Linking lets plans.cancel end the series later: it needs write:job_series, as ending it does. */
  private async linkSeries(ctx: ToolContext, seriesId: string) {
    requireScope(ctx, 'write:job_series', 'linking a job series to a plan (cancelling the plan ends the series)');
    await this.jobSeries.ensureInTenant(ctx, seriesId, 'job_series_id');
  }
}
