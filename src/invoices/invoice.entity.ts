import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Job } from '../jobs/job.entity';
import { Customer } from '../customers/customer.entity';
import { Plan } from '../plans/plan.entity';
import { TaxRate } from '../tax-rates/tax-rate.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

@Entity('invoices')
@Unique('uq_invoices_tenant_number', ['tenantId', 'number'])
// the billing run's idempotency: one invoice per (plan, period); NULLs (not from a plan) are distinct
@Unique('uq_invoices_tenant_plan_period', ['tenantId', 'planId', 'planPeriodStart'])
@Index('idx_invoices_tenant_customer', ['tenantId', 'customerId'])
@Check('chk_invoices_status', `"status" IN ('draft', 'sent', 'paid', 'void')`)
@Check('chk_invoices_amount_paid', `"amount_paid" >= 0 AND "amount_paid" <= "total"`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_invoices_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_invoices_customer' })
@ForeignKey(() => TaxRate, ['tenantId', 'taxRateId'], ['tenantId', 'id'], { name: 'fk_invoices_tax_rate' })
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_invoices_job' })
@ForeignKey(() => Plan, ['tenantId', 'planId'], ['tenantId', 'id'], { name: 'fk_invoices_plan' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_invoices_created_by' })
export class Invoice extends TenantOwned {
  @Column('integer') number!: number;
  @Column('uuid') customerId!: string;
  @Column('uuid', { nullable: true }) jobId!: string | null;
  @Column('text', { default: 'draft' }) status!: InvoiceStatus;
  @Column('date', { nullable: true }) issuedOn!: string | null;
  @Column('date', { nullable: true }) dueOn!: string | null;
  @Column('uuid', { nullable: true }) taxRateId!: string | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) subtotal!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) taxTotal!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) total!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0, transformer: numericTransformer }) amountPaid!: number;
  @Column({ type: 'timestamptz', nullable: true }) paidAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) voidedAt!: Date | null;
  @Column('uuid', { nullable: true }) planId!: string | null;
  @Column('date', { nullable: true }) planPeriodStart!: string | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
}
