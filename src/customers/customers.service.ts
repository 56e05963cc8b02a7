import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, touch, whereSync, withArchived } from '../common/sync';
import { ensureAllOwned, ensureOwned } from '../common/references';
import { Contact } from '../contacts/contact.entity';
import { toContactOutput } from '../contacts/dto/contact.output';
import { toLocationOutput } from '../locations/dto/location.output';
import { Location } from '../locations/location.entity';
import { CustomerTag } from '../tags/customer-tag.entity';
import { toTagOutput } from '../tags/dto/tag.output';
import { Tag } from '../tags/tag.entity';
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
    const sync = whereSync(qb, 'c', input);
    if (!withArchived(input)) qb.andWhere('c.archived_at IS NULL');
    if (input.tagId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.tenant_id = c.tenant_id AND ct.customer_id = c.id AND ct.tag_id = :tagId)',
        { tagId: input.tagId },
      );
    }
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.display_name ILIKE :q', { q }).orWhere('c.company_name ILIKE :q').orWhere('c.email ILIKE :q').orWhere('c.phone ILIKE :q'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'c', sync, (q) => q.orderBy('c.display_name', 'ASC').addOrderBy('c.id', 'ASC')).offset(offset).limit(limit).getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCustomerOutput), count, page);
  }

  /** The customer with its tags and its non-archived contacts and locations. */
  async get(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id);
    const [tags, contacts, locations] = await Promise.all([
      this.tagsOf(ctx, row.id),
      ctx.em
        .createQueryBuilder(Contact, 'k')
        .where('k.tenant_id = :tenantId AND k.customer_id = :id AND k.archived_at IS NULL', { tenantId: ctx.tenantId, id: row.id })
        .orderBy('k.is_primary', 'DESC')
        .addOrderBy('lower(k.first_name)', 'ASC')
        .addOrderBy('k.id', 'ASC')
        .getMany(),
      ctx.em
        .createQueryBuilder(Location, 'l')
        .where('l.tenant_id = :tenantId AND l.customer_id = :id AND l.archived_at IS NULL', { tenantId: ctx.tenantId, id: row.id })
        .orderBy('l.created_at', 'ASC')
        .addOrderBy('l.id', 'ASC')
        .getMany(),
    ]);
    shows(ctx, 'read:tags', tags, 'tags');
    shows(ctx, 'read:contacts', contacts, 'contacts');
    shows(ctx, 'read:locations', locations, 'locations');
    return { ...toCustomerOutput(row), tags: tags.map(toTagOutput), contacts: contacts.map(toContactOutput), locations: locations.map(toLocationOutput) };
  }

  async create(ctx: ToolContext, input: CreateCustomerInput) {
    const row = ctx.em.create(Customer, { tenantId: ctx.tenantId, createdBy: actorUserId(ctx), archivedAt: null });
    for (const f of FIELDS) (row as any)[camel(f)] = input[f] ?? null;
    const tagIds = await this.checkTags(ctx, input.tag_ids);
    const saved = await ctx.em.save(row);
    if (tagIds) await this.replaceTags(ctx, saved.id, tagIds);
    return this.withTags(ctx, saved);
  }

  async update(ctx: ToolContext, input: UpdateCustomerInput) {
    const row = await this.find(ctx, input.id, true);
    for (const f of FIELDS) if (input[f] !== undefined) (row as any)[camel(f)] = input[f];
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    const tagIds = await this.checkTags(ctx, input.tag_ids);
    const saved = await ctx.em.save(row);
    if (tagIds) {
      await this.replaceTags(ctx, saved.id, tagIds);
      // its tags are part of the customer: a sync (updated_since) must see the change
      saved.updatedAt = await touch(ctx.em, Customer, ctx.tenantId, saved.id);
    }
    return this.withTags(ctx, saved);
  }

  /** tag_ids must all be this tenant's (invalid_input naming tag_ids.<i>); duplicates collapse. */
  private async checkTags(ctx: ToolContext, ids: string[] | undefined): Promise<string[] | undefined> {
    if (ids === undefined) return undefined;
    await ensureAllOwned(ctx.em, ctx, Tag, ids, 'tag_ids', 'tag');
    return [...new Set(ids)];
  }

  /** Replaces the customer's tags wholesale. */
  private async replaceTags(ctx: ToolContext, customerId: string, tagIds: string[]) {
    await ctx.em.delete(CustomerTag, { tenantId: ctx.tenantId, customerId });
    if (tagIds.length) await ctx.em.insert(CustomerTag, tagIds.map((tagId) => ({ tenantId: ctx.tenantId, customerId, tagId })));
  }

  private tagsOf(ctx: ToolContext, customerId: string): Promise<Tag[]> {
    return ctx.em
      .createQueryBuilder(Tag, 't')
      .innerJoin(CustomerTag, 'ct', 'ct.tenant_id = t.tenant_id AND ct.tag_id = t.id')
      .where('t.tenant_id = :tenantId AND ct.customer_id = :customerId', { tenantId: ctx.tenantId, customerId })
      .orderBy('lower(t.name)', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
  }

  private async withTags(ctx: ToolContext, row: Customer) {
    const tags = await this.tagsOf(ctx, row.id);
    shows(ctx, 'read:tags', tags, 'tags');
    return { ...toCustomerOutput(row), tags: tags.map(toTagOutput) };
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

/** A customer result embeds its tags, contacts and locations: records of those entities, shown only with their read scope. */
function shows(ctx: ToolContext, scope: string, records: unknown[], what: string): void {
  if (records.length) requireScope(ctx, scope, `this customer result shows its ${what}, which`);
}
