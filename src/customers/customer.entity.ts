import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

@Entity('customers')
@Index('idx_customers_tenant_name', ['tenantId', 'displayName'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_customers_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_customers_created_by' })
export class Customer extends TenantOwned {
  @Column('text') displayName!: string;
  @Column('text', { nullable: true }) firstName!: string | null;
  @Column('text', { nullable: true }) lastName!: string | null;
  @Column('text', { nullable: true }) companyName!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('jsonb', { nullable: true }) billingAddress!: Address | null;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
}
