import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Customer } from '../customers/customer.entity';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('contacts')
@Index('idx_contacts_tenant_customer', ['tenantId', 'customerId'])
// at most one primary contact per customer, whatever runs at once
@Index('uq_contacts_one_primary', ['tenantId', 'customerId'], { unique: true, where: '"is_primary"' })
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_contacts_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_contacts_customer' })
export class Contact extends TenantOwned {
  @Column('uuid') customerId!: string;
  @Column('text') firstName!: string;
  @Column('text', { nullable: true }) lastName!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('boolean', { default: false }) isPrimary!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
