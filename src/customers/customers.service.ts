import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { ensureOwned } from '../common/references';
import { Customer } from './customer.entity';
import { CreateCustomerInput, SearchCustomersInput, UpdateCustomerInput } from './dto/customer.inputs';
import { toCustomerOutput } from './dto/customer.output';

const FIELDS = ['display_name', 'first_name', 'last_name', 'company_name', 'email', 'phone', 'billing_address'] as const;
const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

@Injectable()
export class CustomersService {
  async search(ctx: ToolContext, input: SearchCustomersInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = ctx.em.createQueryBuilder(Customer, 'c').where('c.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    if (!input.includeArchived) qb.andWhere('c.archived_at IS NULL');
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.display_name ILIKE :q', { q }).orWhere('c.company_name ILIKE :q').orWhere('c.email ILIKE :q').orWhere('c.phone ILIKE :q'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      qb.clone().orderBy('c.display_name', 'ASC').addOrderBy('c.id', 'ASC').offset(offset).limit(limit).getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCustomerOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toCustomerOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateCustomerInput) {
    const row = ctx.em.create(Customer, { tenantId: ctx.tenantId, createdBy: actorUserId(ctx), archivedAt: null });
    for (const f of FIELDS) (row as any)[camel(f)] = input[f] ?? null;
    return toCustomerOutput(await ctx.em.save(row));
  }

  async update(ctx: ToolContext, input: UpdateCustomerInput) {
    const row = await this.find(ctx, input.id, true);
    for (const f of FIELDS) if (input[f] !== undefined) (row as any)[camel(f)] = input[f];
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toCustomerOutput(await ctx.em.save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await ctx.em.save(row);
    }
    return toCustomerOutput(row);
  }

  /** A customer of this tenant, or not_found (another tenant's row is simply not there). */
  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Customer> {
    const row = await ctx.em.findOne(Customer, {
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('customer', id);
    return row;
  }

  /** For other entities: a customer_id they reference must be this tenant's, else invalid_input naming the field. */
  ensureExists(ctx: ToolContext, id: string, field = 'customer_id'): Promise<Customer> {
    return ensureOwned(ctx.em, ctx, Customer, id, field, 'customer');
  }
}
