import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { ToolContext } from '../common/context';
import { Conflict, NotFound } from '../common/errors';
import { likePattern, pageOf, toPage } from '../common/paging';
import { syncOrder, whereSync, withArchived } from '../common/sync';
import { CatalogCategoriesService } from '../catalog-categories/catalog-categories.service';
import { CatalogItem } from './catalog-item.entity';
import { CreateCatalogItemInput, ListCatalogItemsInput, UpdateCatalogItemInput } from './dto/catalog-item.inputs';
import { toCatalogItemOutput } from './dto/catalog-item.output';

const FIELDS = { name: 'name', description: 'description', kind: 'kind', unit_price: 'unitPrice', unit_cost: 'unitCost', unit: 'unit', taxable: 'taxable', category_id: 'categoryId', sku: 'sku' } as const;

@Injectable()
export class CatalogItemsService {
  constructor(private readonly categories: CatalogCategoriesService) {}

  async list(ctx: ToolContext, input: ListCatalogItemsInput) {
    const { page, offset, limit } = pageOf(input);
    const qb = ctx.em.createQueryBuilder(CatalogItem, 'i').where('i.tenant_id = :tenantId', { tenantId: ctx.tenantId });
    const sync = whereSync(qb, 'i', input);
    if (!withArchived(input)) qb.andWhere('i.archived_at IS NULL');
    if (input.categoryId) qb.andWhere('i.category_id = :categoryId', { categoryId: input.categoryId });
    if (input.kind) qb.andWhere('i.kind = :kind', { kind: input.kind });
    if (input.q) {
      const q = likePattern(input.q);
      qb.andWhere(new Brackets((w) => w.where('i.name ILIKE :q', { q }).orWhere('i.sku ILIKE :q').orWhere('i.description ILIKE :q')));
    }
    const [rows, count] = await Promise.all([
      syncOrder(qb.clone(), 'i', sync, (q) => q.orderBy('i.name', 'ASC').addOrderBy('i.id', 'ASC')).offset(offset).limit(limit).getMany(),
      qb.getCount(),
    ]);
    return toPage(rows.map(toCatalogItemOutput), count, page);
  }

  async get(ctx: ToolContext, id: string) {
    return toCatalogItemOutput(await this.find(ctx, id));
  }

  async create(ctx: ToolContext, input: CreateCatalogItemInput) {
    if (input.category_id) await this.categories.ensureExists(ctx, input.category_id);
    if (input.sku) await this.ensureSkuFree(ctx, input.sku);
    const row = ctx.em.create(CatalogItem, { tenantId: ctx.tenantId, kind: 'service', taxable: true, archivedAt: null });
    for (const [f, prop] of Object.entries(FIELDS)) if ((input as any)[f] !== undefined) (row as any)[prop] = (input as any)[f];
    for (const prop of ['description', 'unitCost', 'unit', 'categoryId', 'sku'] as const) (row as any)[prop] ??= null;
    return toCatalogItemOutput(await ctx.em.save(row));
  }

  async update(ctx: ToolContext, input: UpdateCatalogItemInput) {
    const row = await this.find(ctx, input.id, true);
    if (input.category_id) await this.categories.ensureExists(ctx, input.category_id);
    if (input.sku && input.sku !== row.sku) await this.ensureSkuFree(ctx, input.sku);
    for (const [f, prop] of Object.entries(FIELDS)) if ((input as any)[f] !== undefined) (row as any)[prop] = (input as any)[f];
    if (input.archived !== undefined) row.archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    return toCatalogItemOutput(await ctx.em.save(row));
  }

  async archive(ctx: ToolContext, id: string) {
    const row = await this.find(ctx, id, true);
    if (!row.archivedAt) {
      row.archivedAt = new Date();
      await ctx.em.save(row);
    }
    return toCatalogItemOutput(row);
  }

  async find(ctx: ToolContext, id: string, forUpdate = false): Promise<CatalogItem> {
    const row = await ctx.em.findOne(CatalogItem, {
      where: { tenantId: ctx.tenantId, id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw NotFound('catalog item', id);
    return row;
  }

  private async ensureSkuFree(ctx: ToolContext, sku: string) {
    if (await ctx.em.existsBy(CatalogItem, { tenantId: ctx.tenantId, sku })) throw Conflict(`A catalog item with SKU "${sku}" already exists.`);
  }
}
