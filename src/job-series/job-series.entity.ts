import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Customer } from '../customers/customer.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

@Entity('job_series')
@Unique('uq_job_series_tenant_id', ['tenantId', 'id'])
@Index('idx_job_series_tenant_created', ['tenantId', 'createdAt'])
@Index('idx_job_series_tenant_customer', ['tenantId', 'customerId'])
@Check('chk_job_series_flat_price', `"flat_price" IS NULL OR "flat_price" >= 0`)
@Check('chk_job_series_max_occurrences', `"max_occurrences" IS NULL OR "max_occurrences" BETWEEN 1 AND 366`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_job_series_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_job_series_customer' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_job_series_created_by' })
export class JobSeries extends TenantOwned {
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text') rrule!: string;
  @Column('text') timezone!: string;
  @Column('date') dtstart!: string;
  @Column('date', { nullable: true }) endsOn!: string | null;
  @Column('int', { nullable: true }) maxOccurrences!: number | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer }) flatPrice!: number | null;
  @Column('uuid', { nullable: true }) customerId!: string | null;
  /** The series author: generated instances carry it as created_by. */
  @Column('uuid') createdBy!: string;
  /** Set by job_series.end; an ended series never generates again. */
  @Column({ type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
