import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { CatalogItem } from '../catalog-items/catalog-item.entity';
import { JobSeries } from './job-series.entity';

@Entity('job_series_line_items')
@Index('idx_job_series_line_items_tenant_series', ['tenantId', 'seriesId', 'sortOrder'])
@Check('chk_job_series_line_items_amounts', `"unit_price" >= 0 AND "quantity" > 0`)
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => JobSeries, ['tenantId', 'seriesId'], ['tenantId', 'id'], { name: 'fk_job_series_line_items_series', onDelete: 'CASCADE' })
@ForeignKey(() => CatalogItem, ['tenantId', 'catalogItemId'], ['tenantId', 'id'], { name: 'fk_job_series_line_items_catalog_item' })
export class JobSeriesLineItem extends TenantOwned {
  @Column('uuid') seriesId!: string;
  @Column('uuid', { nullable: true }) catalogItemId!: string | null;
  @Column('text') description!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) unitPrice!: number;
  @Column({ type: 'numeric', precision: 12, scale: 3, transformer: numericTransformer }) quantity!: number;
  @Column('int') sortOrder!: number;
}
