import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('tax_rates')
// at most one default per tenant, enforced by the database (partial unique index)
@Index('uq_tax_rates_tenant_default', ['tenantId'], { unique: true, where: '"is_default"' })
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_tax_rates_tenant', onDelete: 'CASCADE' })
export class TaxRate extends TenantOwned {
  @Column('text') name!: string;
  /** percent, 0–100, up to 4 decimals */
  @Column({ type: 'numeric', precision: 7, scale: 4, transformer: numericTransformer }) rate!: number;
  @Column('boolean', { default: false }) isDefault!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
