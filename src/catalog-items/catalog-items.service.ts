import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { txRepo } from '../common/repository';
import { Brackets, Repository } from 'typeorm';
import { ToolContext } from '../common/context';
import { Conflict, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { assignFields, FieldMap } from '../common/fields';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { CatalogCategoriesService } from '../catalog-categories/catalog-categories.service';
import { CatalogItem } from './catalog-item.entity';
import { CreateCatalogItemInput, ListCatalogItemsInput, UpdateCatalogItemInput } from './dto/catalog-item.inputs';
import { toCatalogItemOutput } from './dto/catalog-item.output';
import type { WrapperType } from '../common/wrapper-type';

const FIELDS: FieldMap<CreateCatalogItemInput, CatalogItem> = {
  name: 'name',
  description: 'description',
  kind: 'kind',
  unit_price: 'unitPrice',
  unit_cost: 'unitCost',
  unit: 'unit',
  taxable: 'taxable',
  category_id: 'categoryId',
  sku: 'sku',
};
const UPDATE_FIELDS: FieldMap<UpdateCatalogItemInput, CatalogItem, 'id' | 'archived'> = FIELDS;

@Injectable()
export class CatalogItemsService {
  constructor(
    @InjectRepository(CatalogItem) private readonly catalogItemRepo: Repository<CatalogItem>,
    @Inject(forwardRef(() => CatalogCategoriesService)) private readonly categories: WrapperType<CatalogCategoriesService>,
  ) {}

  /** A category is being deleted: its items stay, uncategorised (a sync sees them change). */
  async uncategorise(ctx: ToolContext, categoryId: string): Promise<void> {
    await ctx.em.query(`UPDATE catalog_items SET category_id = NULL, updated_at = now() WHERE tenant_id = $1 AND category_id = $2`, [ctx.tenantId, categoryId]);
  }

  async list(ctx: ToolContext, input: ListCatalogItemsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = txRepo(ctx, this.catalogItemRepo).createQueryBuilder('i').where('i.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'i', input);
    if (!withArchived(input)) qb.andWhere('i.archived_at IS NULL');
    if (input.categoryId) qb.andWhere('i.category_id = :categoryId', { categoryId: input.categoryId });
    if (input.kind) qb.andWhere('i.kind = :kind', { kind: input.kind });
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(new Brackets((w) => w.where('i.name ILIKE :q', { q }).orWhere('i.sku ILIKE :q').orWhere('i.description ILIKE :q')));
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'i', sync, (q) => q.orderBy('i.name', 'ASC').addOrderBy('i.id', 'ASC'))
        .offset(offset)
        .limit(limit)
        .getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCatalogItemOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toCatalogItemOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateCatalogItemInput) {
    if (input.category_id) await this.categories.ensureInTenant(ctx, input.category_id);
    if (input.sku) await this.ensureSkuFree(ctx, input.sku);
    const row = txRepo(ctx, this.catalogItemRepo).create({ tenantId: ctx.tenantId, kind: 'service', taxable: true, archivedAt: null });
    assignFields(row, input, FIELDS, 'keep'); // kind and taxable keep their defaults
    for (const prop of ['description', 'unitCost', 'unit', 'categoryId', 'sku'] as const) row[prop] ??= null;
    return toCatalogItemOutput(await txRepo(ctx, this.catalogItemRepo).save(row));
  }

  async update(ctx: ToolContext, input: UpdateCatalogItemInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.category_id) await this.categories.ensureInTenant(ctx, input.category_id);
    if (input.sku && input.sku !== row.sku) await this.ensureSkuFree(ctx, input.sku);
    assignFields(row, input, UPDATE_FIELDS, 'keep');
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toCatalogItemOutput(await txRepo(ctx, this.catalogItemRepo).save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await txRepo(ctx, this.catalogItemRepo).save(row);
    }
    return toCatalogItemOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<CatalogItem> {
    const row = await txRepo(ctx, this.catalogItemRepo).findOne({
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('catalog item', id);
    return row;
  }

  private async ensureSkuFree(ctx: ToolContext, sku: string) {
    if (await txRepo(ctx, this.catalogItemRepo).existsBy({ tenantId: ctx.tenantId, sku })) throw Conflict(`A catalog item with SKU "${sku}" already exists.`);
  }
}
