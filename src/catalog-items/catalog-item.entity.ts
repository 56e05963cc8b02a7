import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { CatalogCategory } from '../catalog-categories/catalog-category.entity';
import { Tenant } from '../tenancy/tenant.entity';

export const ITEM_KINDS = ['service', 'material'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

@Entity('catalog_items')
@Unique('uq_catalog_items_tenant_sku', ['tenantId', 'sku']) // NULLs are distinct: only set SKUs must be unique
@Index('idx_catalog_items_tenant_name', ['tenantId', 'name'])
@Index('idx_catalog_items_tenant_category', ['tenantId', 'categoryId'])
@Check('chk_catalog_items_kind', `"kind" IN ('service', 'material')`)
@Check('chk_catalog_items_prices', `"unit_price" >= 0 AND ("unit_cost" IS NULL OR "unit_cost" >= 0)`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_catalog_items_tenant', onDelete: 'CASCADE' })
// catalog_categories.delete uncategorises items itself (SET NULL would null tenant_id too)
@ForeignKey(() => CatalogCategory, ['tenantId', 'categoryId'], ['tenantId', 'id'], { name: 'fk_catalog_items_category' })
export class CatalogItem extends TenantOwned {
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { default: 'service' }) kind!: ItemKind;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) unitPrice!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer }) unitCost!: number | null;
  @Column('text', { nullable: true }) unit!: string | null;
  @Column('boolean', { default: true }) taxable!: boolean;
  @Column('uuid', { nullable: true }) categoryId!: string | null;
  @Column('text', { nullable: true }) sku!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
