import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { ToolContext } from '../common/context';
import { Conflict, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { ensureAllOwned } from '../common/references';
import { syncOrder, whereSync } from '../common/sync';
import { CustomerTag } from './customer-tag.entity';
import { CreateTagInput, ListTagsInput, UpdateTagInput } from './dto/tag.inputs';
import { toTagOutput } from './dto/tag.output';
import { Tag } from './tag.entity';

@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(Tag) private readonly tagRepo: Repository<Tag>,
    @InjectRepository(CustomerTag) private readonly customerTagRepo: Repository<CustomerTag>,
  ) {}

  async list(ctx: ToolContext, input: ListTagsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.tagRepo).createQueryBuilder('t').where('t.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 't', input);
    if (input.q) qb.andWhere('t.name ILIKE :q', { q: likePattern(input.q) });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 't', sync, (q) => q.orderBy('lower(t.name)', 'ASC').addOrderBy('t.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toTagOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toTagOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateTagInput) {
    await this.ensureNameFree(ctx, input.name);
    const row = txRepo(ctx, this.tagRepo).create({ tenantId: ctx.tenantId, name: input.name, color: input.color ?? null });
    // a concurrent create of the same name passes the check above and then trips the unique
    // index (tenant_id, lower(name)): the gateway turns that into conflict too
    return toTagOutput(await txRepo(ctx, this.tagRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateTagInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase()) await this.ensureNameFree(ctx, input.name);
    if (input.name !== undefined) row.name = input.name;
    if (input.color !== undefined) row.color = input.color;
    return toTagOutput(await txRepo(ctx, this.tagRepo).save(row));
  }

  /** Removes the tag; the customer_tags rows go with it (ON DELETE CASCADE). */
  async delete(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    await txRepo(ctx, this.tagRepo).delete({ tenantId: ctx.tenantId, id: row.id });
    return { deleted: true as const, id: row.id };
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<Tag> {
    const row = await txRepo(ctx, this.tagRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('tag', id);
    return row;
  }

  /** For other modules: every id must be one of this tenant's tags (invalid_input naming `field.<i>`). */
  async ensureAllInTenant(ctx: ToolContext, ids: string[], field = 'tag_ids'): Promise<Tag[]> {
    return ensureAllOwned(ctx.em, ctx, Tag, ids, field, 'tag');
  }

  /** The tags on a customer, by name. */
  ofCustomer(ctx: ToolContext, customerId: string): Promise<Tag[]> {
    return ctx.em
      .createQueryBuilder(Tag, 't')
      .innerJoin(CustomerTag, 'ct', 'ct.tenant_id = t.tenant_id AND ct.tag_id = t.id')
      .where('t.tenant_id = :tenantId AND ct.customer_id = :customerId', { tenantId: ctx.tenantId, customerId })
      .orderBy('lower(t.name)', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
  }

  /** Replaces a customer's tags wholesale (ids already checked), in the caller's transaction. */
  async setCustomerTags(ctx: ToolContext, customerId: string, tagIds: string[]): Promise<void> {
    await txRepo(ctx, this.customerTagRepo).delete({ tenantId: ctx.tenantId, customerId });
    if (tagIds.length) await txRepo(ctx, this.customerTagRepo).insert(tagIds.map((tagId) => ({ tenantId: ctx.tenantId, customerId, tagId })));
  }

  /**
   * A WHERE condition for customers.search's query builder: the customer aliased `alias` carries
   * the tag bound to the parameter `param`. Kept here so customer_tags stays this module's table.
   */
  customerHasTagSql(alias: string, param: string): string {
    return `EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.tenant_id = ${alias}.tenant_id AND ct.customer_id = ${alias}.id AND ct.tag_id = :${param})`;
  }

  private async ensureNameFree(ctx: ToolContext, name: string) {
    const taken = await ctx.em.createQueryBuilder(Tag, 't').where('t.tenant_id = :tenantId AND lower(t.name) = lower(:name)', { tenantId: ctx.tenantId, name }).getOne();
    if (taken) throw Conflict(`A tag named "${taken.name}" already exists (names are unique regardless of case).`);
  }
}
