import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Repository } from 'typeorm';
import { CatalogItemsService } from '../catalog-items/catalog-items.service';
import { ToolContext } from '../common/context';
import { Conflict, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync } from '../common/sync';
import { ensureOwned } from '../common/references';
import { CatalogCategory } from './catalog-category.entity';
import { CreateCatalogCategoryInput, ListCatalogCategoriesInput, UpdateCatalogCategoryInput } from './dto/catalog-category.inputs';
import { toCatalogCategoryOutput } from './dto/catalog-category.output';
import type { WrapperType } from '../common/wrapper-type';

@Injectable()
export class CatalogCategoriesService {
  // catalog items check their category_id here, and deleting a category uncategorises its items: a cycle
  constructor(
    @InjectRepository(CatalogCategory) private readonly catalogCategoryRepo: Repository<CatalogCategory>,
    @Inject(forwardRef(() => CatalogItemsService)) private readonly items: WrapperType<CatalogItemsService>,
  ) {}

  async list(ctx: ToolContext, input: ListCatalogCategoriesInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.catalogCategoryRepo).createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'c', input);
    if (input.q) qb.andWhere('c.name ILIKE :q', { q: likePattern(input.q) });
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'c', sync, (q) => q.orderBy('c.sort_order', 'ASC').addOrderBy('lower(c.name)', 'ASC').addOrderBy('c.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCatalogCategoryOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toCatalogCategoryOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateCatalogCategoryInput) {
    await this.ensureNameFree(ctx, input.name);
    const row = txRepo(ctx, this.catalogCategoryRepo).create({
      tenantId: ctx.tenantId,
      name: input.name,
      description: input.description ?? null,
      sortOrder: input.sort_order ?? 0,
    });
    return toCatalogCategoryOutput(await txRepo(ctx, this.catalogCategoryRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateCatalogCategoryInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase()) await this.ensureNameFree(ctx, input.name);
    if (input.name !== undefined) row.name = input.name;
    if (input.description !== undefined) row.description = input.description;
    if (input.sort_order !== undefined) row.sortOrder = input.sort_order;
    return toCatalogCategoryOutput(await txRepo(ctx, this.catalogCategoryRepo).save(row));
  }

  /** Deletes the category; its items stay, uncategorised. */
  async delete(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    await this.items.uncategorise(ctx, id);
    await txRepo(ctx, this.catalogCategoryRepo).delete({ tenantId: ctx.tenantId, id: row.id });
    return { deleted: true, id };
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<CatalogCategory> {
    const row = await txRepo(ctx, this.catalogCategoryRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('catalog category', id);
    return row;
  }

  /** For other modules: a category_id must be this tenant's, else invalid_input naming the field. */
  ensureInTenant(ctx: ToolContext, id: string, field = 'category_id'): Promise<CatalogCategory> {
    return ensureOwned(ctx.em, ctx, CatalogCategory, id, field, 'catalog category');
  }

  // A friendly message first; the unique index settles a race (→ conflict by the error mapper).
  private async ensureNameFree(ctx: ToolContext, name: string) {
    const taken = await ctx.em.createQueryBuilder(CatalogCategory, 'c').where('c.tenant_id = :t AND lower(c.name) = lower(:name)', { t: ctx.tenantId, name }).getExists();
    if (taken) throw Conflict(`A catalog category named "${name}" already exists.`);
  }
}
