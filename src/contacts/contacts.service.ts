import { Injectable } from '@nestjs/common';
import { Brackets, Not } from 'typeorm';
import { ToolContext } from '../common/context';
import { NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { ensureOwned } from '../common/references';
import { Customer } from '../customers/customer.entity';
import { Contact } from './contact.entity';
import { CreateContactInput, ListContactsInput, UpdateContactInput } from './dto/contact.inputs';
import { toContactOutput } from './dto/contact.output';

const FIELDS = ['first_name', 'last_name', 'email', 'phone', 'title'] as const;
const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

@Injectable()
export class ContactsService {
  async list(ctx: ToolContext, input: ListContactsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = ctx.em.createQueryBuilder(Contact, 'c').where('c.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'c', input);
    if (input.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: input.customerId });
    if (!withArchived(input)) qb.andWhere('c.archived_at IS NULL');
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`concat_ws(' ', c.first_name, c.last_name) ILIKE :q`, { q })
            .orWhere('c.email ILIKE :q')
            .orWhere('c.phone ILIKE :q')
            .orWhere('c.title ILIKE :q'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'c', sync, (q) =>
        q
          .orderBy('c.is_primary', 'DESC')
          .addOrderBy('lower(c.first_name)', 'ASC')
          .addOrderBy('lower(c.last_name)', 'ASC', 'NULLS FIRST')
          .addOrderBy('c.id', 'ASC'),
      )
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toContactOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toContactOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateContactInput) {
    await ensureOwned(ctx.em, ctx, Customer, input.customer_id, 'customer_id', 'customer');
    const row = ctx.em.create(Contact, { tenantId: ctx.tenantId, customerId: input.customer_id, isPrimary: false, archivedAt: null });
    for (const f of FIELDS) (row as any)[camel(f)] = input[f] ?? null;
    if (input.is_primary) await this.clearPrimary(ctx, row.customerId);
    row.isPrimary = input.is_primary ?? false;
    return toContactOutput(await ctx.em.save(row));
  }

  async update(ctx: ToolContext, input: UpdateContactInput) {
    const row = await this.find(ctx, input.id, true);
    for (const f of FIELDS) if (input[f] !== undefined) (row as any)[camel(f)] = input[f];
    if (input.is_primary === true && !row.isPrimary) await this.clearPrimary(ctx, row.customerId, row.id);
    if (input.is_primary !== undefined) row.isPrimary = input.is_primary;
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toContactOutput(await ctx.em.save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await ctx.em.save(row);
    }
    return toContactOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Contact> {
    const row = await ctx.em.findOne(Contact, {
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('contact', id);
    return row;
  }

  /**
   * Setting a primary contact unsets the others. The customer row is locked first so two calls
   * making different contacts primary at once run one after the other (the last one wins) instead
   * of tripping the one-primary unique index.
   */
  private async clearPrimary(ctx: ToolContext, customerId: string, exceptId?: string) {
    await ctx.em.findOne(Customer, { where: { tenantId: ctx.tenantId, id: customerId }, lock: { mode: 'pessimistic_write' } });
    await ctx.em.update(
      Contact,
      { tenantId: ctx.tenantId, customerId, isPrimary: true, ...(exceptId ? { id: Not(exceptId) } : {}) },
      { isPrimary: false },
    );
  }
}
