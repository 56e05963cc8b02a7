import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Location } from '../locations/location.entity';
import { Customer } from '../customers/customer.entity';
import { TaxRate } from '../tax-rates/tax-rate.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

export const QUOTE_STATUSES = ['draft', 'sent', 'approved', 'declined'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

@Entity('quotes')
@Unique('uq_quotes_tenant_number', ['tenantId', 'number'])
@Index('idx_quotes_tenant_customer', ['tenantId', 'customerId'])
@Check('chk_quotes_status', `"status" IN ('draft', 'sent', 'approved', 'declined')`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_quotes_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_quotes_customer' })
@ForeignKey(() => TaxRate, ['tenantId', 'taxRateId'], ['tenantId', 'id'], { name: 'fk_quotes_tax_rate' })
@ForeignKey(() => Location, ['tenantId', 'locationId'], ['tenantId', 'id'], { name: 'fk_quotes_location' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_quotes_created_by' })
export class Quote extends TenantOwned {
  @Column('integer') number!: number;
  @Column('uuid') customerId!: string;
  @Column('uuid', { nullable: true }) locationId!: string | null;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) message!: string | null;
  @Column('text', { default: 'draft' }) status!: QuoteStatus;
  @Column('date', { nullable: true }) validUntil!: string | null;
  @Column('uuid', { nullable: true }) taxRateId!: string | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) subtotal!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) taxTotal!: number;
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer }) total!: number;
  @Column({ type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
}
