import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { CatalogItem } from '../catalog-items/catalog-item.entity';
import { Job } from './job.entity';

@Entity('job_line_items')
@Index('idx_job_line_items_tenant_job', ['tenantId', 'jobId', 'sortOrder'])
@Check('chk_job_line_items_amounts', `"unit_price" >= 0 AND "quantity" > 0`)
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_job_line_items_job', onDelete: 'CASCADE' })
// like quote and invoice lines: catalog items are archived, never deleted, so no ON DELETE action
@ForeignKey(() => CatalogItem, ['tenantId', 'catalogItemId'], ['tenantId', 'id'], { name: 'fk_job_line_items_catalog_item' })
export class JobLineItem extends TenantOwned {
  @Column('uuid') jobId!: string;
  /** The pricebook item the line was priced from, if any. */
  @Column('uuid', { nullable: true }) catalogItemId!: string | null;
  @Column('text') description!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) unitPrice!: number;
  @Column({ type: 'numeric', precision: 12, scale: 3, transformer: numericTransformer }) quantity!: number;
  @Column('int') sortOrder!: number;
}
