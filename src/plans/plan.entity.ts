import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { JobSeries } from '../job-series/job-series.entity';
import { Customer } from '../customers/customer.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

export const BILLING_FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type BillingFrequency = (typeof BILLING_FREQUENCIES)[number];
export const PLAN_STATUSES = ['active', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

@Entity('plans')
@Index('idx_plans_tenant_customer', ['tenantId', 'customerId'])
@Index('idx_plans_status_next_billing', ['status', 'nextBillingOn'])
@Check('chk_plans_frequency', `"billing_frequency" IN ('monthly', 'quarterly', 'yearly')`)
@Check('chk_plans_status', `"status" IN ('active', 'cancelled')`)
@Check('chk_plans_price', `"price" >= 0`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_plans_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_plans_customer' })
@ForeignKey(() => JobSeries, ['tenantId', 'jobSeriesId'], ['tenantId', 'id'], { name: 'fk_plans_job_series' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_plans_created_by' })
export class Plan extends TenantOwned {
  @Column('uuid') customerId!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) price!: number;
  @Column('text') billingFrequency!: BillingFrequency;
  @Column('date') startsOn!: string;
  @Column('date', { nullable: true }) endsOn!: string | null;
  @Column('date') nextBillingOn!: string;
  // INTEGRATION: job_series — FK (tenant_id, job_series_id) → job_series(tenant_id, id) once merged
  @Column('uuid', { nullable: true }) jobSeriesId!: string | null;
  @Column('text', { default: 'active' }) status!: PlanStatus;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
}
