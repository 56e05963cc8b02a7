import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { InvalidInput, NotFound } from '../common/errors';
import { pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { CustomersService } from '../customers/customers.service';
import { JobsService } from '../jobs/jobs.service';
import { CreateNoteInput, ListNotesInput, UpdateNoteInput } from './dto/note.inputs';
import { toNoteOutput } from './dto/note.output';
import { Note } from './note.entity';

@Injectable()
export class NotesService {
  constructor(
    @InjectRepository(Note) private readonly noteRepo: Repository<Note>,
    private readonly customers: CustomersService,
    private readonly jobs: JobsService,
  ) {}

  /** Pinned first, then newest. */
  async list(ctx: ToolContext, input: ListNotesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.noteRepo).createQueryBuilder('n').where('n.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'n', input);
    if (input.customerId) qb.andWhere('n.customer_id = :customerId', { customerId: input.customerId });
    if (input.jobId) qb.andWhere('n.job_id = :jobId', { jobId: input.jobId });
    if (!withArchived(input)) qb.andWhere('n.archived_at IS NULL');
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'n', sync, (q) => q.orderBy('n.pinned', 'DESC').addOrderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toNoteOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toNoteOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateNoteInput) {
    const hasCustomer = input.customer_id !== undefined;
    const hasJob = input.job_id !== undefined;
    if (hasCustomer === hasJob) {
      const message = 'give exactly one of customer_id or job_id';
      throw InvalidInput([
        { path: 'customer_id', message },
        { path: 'job_id', message },
      ]);
    }
    if (hasCustomer) await this.customers.ensureInTenant(ctx, input.customer_id!);
    if (hasJob) {
      await this.jobs.ensureInTenant(ctx, input.job_id!);
    }
    const row = txRepo(ctx, this.noteRepo).create({
      tenantId: ctx.tenantId,
      body: input.body,
      customerId: input.customer_id ?? null,
      jobId: input.job_id ?? null,
      pinned: input.pinned ?? false,
      authorId: actorUserId(ctx)!, // the tool is userActor: the gateway refused tenant keys
      archivedAt: null,
    });
    return toNoteOutput(await txRepo(ctx, this.noteRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateNoteInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.body !== undefined) row.body = input.body;
    if (input.pinned !== undefined) row.pinned = input.pinned;
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toNoteOutput(await txRepo(ctx, this.noteRepo).save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.noteRepo).save(row);
    }
    return toNoteOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Note> {
    const row = await txRepo(ctx, this.noteRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('note', id);
    return row;
  }
}
