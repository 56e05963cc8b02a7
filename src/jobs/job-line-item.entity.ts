import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Tenant } from '../tenancy/tenant.entity';
import { Job } from './job.entity';

@Entity('job_line_items')
@Unique('uq_job_line_items_tenant_id', ['tenantId', 'id'])
@Index('idx_job_line_items_tenant_job', ['tenantId', 'jobId', 'sortOrder'])
@Check('chk_job_line_items_amounts', `"unit_price" >= 0 AND "quantity" > 0`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_job_line_items_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_job_line_items_job', onDelete: 'CASCADE' })
export class JobLineItem extends TenantOwned {
  @Column('uuid') jobId!: string;
  @Column('text') description!: string;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) unitPrice!: number;
  @Column({ type: 'numeric', precision: 12, scale: 3, transformer: numericTransformer }) quantity!: number;
  @Column('int') sortOrder!: number;
}
