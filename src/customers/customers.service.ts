import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Brackets, In, Repository } from 'typeorm';
import { actorUserId, ToolContext } from '../common/context';
import { requireScope } from '../auth/scope-policy';
import { NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, touch, whereSync, withArchived } from '../common/sync';
import { assignFields, FieldMap } from '../common/fields';
import { ensureOwned } from '../common/references';
import { ContactsService } from '../contacts/contacts.service';
import { toContactOutput } from '../contacts/dto/contact.output';
import { toLocationOutput } from '../locations/dto/location.output';
import { LocationsService } from '../locations/locations.service';
import { toTagOutput } from '../tags/dto/tag.output';
import { TagsService } from '../tags/tags.service';
import { Customer } from './customer.entity';
import { CreateCustomerInput, SearchCustomersInput, UpdateCustomerInput } from './dto/customer.inputs';
import { toCustomerOutput } from './dto/customer.output';
import type { WrapperType } from '../common/wrapper-type';

const FIELDS: FieldMap<CreateCustomerInput, Customer, 'tag_ids'> = {
  display_name: 'displayName',
  first_name: 'firstName',
  last_name: 'lastName',
  company_name: 'companyName',
  email: 'email',
  phone: 'phone',
  billing_address: 'billingAddress',
};
const UPDATE_FIELDS: FieldMap<UpdateCustomerInput, Customer, 'id' | 'tag_ids' | 'archived'> = FIELDS;

/** A customer as other records show it (a job's customer). */
export interface CustomerSummary {
  id: string;
  display_name: string;
}

@Injectable()
export class CustomersService {
  constructor(
    @InjectRepository(Customer) private readonly customerRepo: Repository<Customer>,
    private readonly tags: TagsService,
    // contacts and locations check their customer_id here, and a customer shows them: a cycle
    @Inject(forwardRef(() => ContactsService)) private readonly contacts: WrapperType<ContactsService>,
    @Inject(forwardRef(() => LocationsService)) private readonly locations: WrapperType<LocationsService>,
  ) {}

  async search(ctx: ToolContext, input: SearchCustomersInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.customerRepo).createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'c', input);
    if (!withArchived(input)) qb.andWhere('c.archived_at IS NULL');
    if (input.tagId) {
      qb.andWhere(this.tags.customerHasTagSql('c', 'tagId'), { tagId: input.tagId });
    }
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(new Brackets((w) => w.where('c.display_name ILIKE :q', { q }).orWhere('c.company_name ILIKE :q').orWhere('c.email ILIKE :q').orWhere('c.phone ILIKE :q')));
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'c', sync, (q) => q.orderBy('c.display_name', 'ASC').addOrderBy('c.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCustomerOutput), count, page);
  }

  /** The customer with its tags and its non-archived contacts and locations. */
  async get(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id);
    const [tags, contacts, locations] = await Promise.all([this.tags.ofCustomer(ctx, row.id), this.contacts.ofCustomer(ctx, row.id), this.locations.ofCustomer(ctx, row.id)]);
    shows(ctx, 'read:tags', tags, 'tags');
    shows(ctx, 'read:contacts', contacts, 'contacts');
    shows(ctx, 'read:locations', locations, 'locations');
    return { ...toCustomerOutput(row), tags: tags.map(toTagOutput), contacts: contacts.map(toContactOutput), locations: locations.map(toLocationOutput) };
  }

  async create(ctx: ToolContext, input: CreateCustomerInput) {
    const row = txRepo(ctx, this.customerRepo).create({ tenantId: ctx.tenantId, createdBy: actorUserId(ctx), archivedAt: null });
    assignFields(row, input, FIELDS, 'null');
    const tagIds = await this.checkTags(ctx, input.tag_ids);
    const saved = await txRepo(ctx, this.customerRepo).save(row);
    if (tagIds) await this.replaceTags(ctx, saved.id, tagIds);
    return this.withTags(ctx, saved);
  }

  async update(ctx: ToolContext, input: UpdateCustomerInput) {
    const row = await this.find(ctx, input.id, true);
    assignFields(row, input, UPDATE_FIELDS, 'keep');
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    const tagIds = await this.checkTags(ctx, input.tag_ids);
    const saved = await txRepo(ctx, this.customerRepo).save(row);
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
    await this.tags.ensureAllInTenant(ctx, ids, 'tag_ids');
    return [...new Set(ids)];
  }

  private replaceTags(ctx: ToolContext, customerId: string, tagIds: string[]) {
    return this.tags.setCustomerTags(ctx, customerId, tagIds);
  }

  private async withTags(ctx: ToolContext, row: Customer) {
    const tags = await this.tags.ofCustomer(ctx, row.id);
    shows(ctx, 'read:tags', tags, 'tags');
    return { ...toCustomerOutput(row), tags: tags.map(toTagOutput) };
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.customerRepo).save(row);
    }
    return toCustomerOutput(row);
  }

  /** A customer of this tenant, or not_found (another tenant's row is simply not there). */
  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Customer> {
    const row = await txRepo(ctx, this.customerRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('customer', id);
    return row;
  }

  /**
   * For other modules, the one way to check a reference: a customer_id must be this tenant's,
   * else invalid_input naming the field. Runs in the caller's transaction (ctx.em).
   */
  ensureInTenant(ctx: ToolContext, id: string, field = 'customer_id'): Promise<Customer> {
    return ensureOwned(ctx.em, ctx, Customer, id, field, 'customer');
  }

  /** Locks the customer row until the caller's transaction ends (contacts: one primary at a time). */
  async lock(ctx: ToolContext, id: string): Promise<void> {
    await txRepo(ctx, this.customerRepo).findOne({ where: { tenantId: ctx.tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** {id, display_name} of the tenant's customers among `ids` (missing ones are left out). */
  async summaries(ctx: Pick<ToolContext, 'em' | 'tenantId'>, ids: (string | null)[]): Promise<Map<string, CustomerSummary>> {
    const unique = [...new Set(ids.filter((i): i is string => !!i))];
    if (!unique.length) return new Map();
    const rows = await txRepo(ctx, this.customerRepo).find({ where: { tenantId: ctx.tenantId, id: In(unique) }, select: { id: true, displayName: true } });
    return new Map(rows.map((c) => [c.id, summaryOf(c)]));
  }
}

export const summaryOf = (c: Customer): CustomerSummary => ({ id: c.id, display_name: c.displayName });

/** A customer result embeds its tags, contacts and locations: records of those entities, shown only with their read scope. */
function shows(ctx: ToolContext, scope: string, records: unknown[], what: string): void {
  if (records.length) requireScope(ctx, scope, `this customer result shows its ${what}, which`);
}
