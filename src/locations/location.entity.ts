import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Customer } from '../customers/customer.entity';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('locations')
@Index('idx_locations_tenant_customer', ['tenantId', 'customerId'])
@Check('ck_locations_coordinates', '("latitude" IS NULL) = ("longitude" IS NULL)')
@Check('ck_locations_latitude', '"latitude" BETWEEN -90 AND 90')
@Check('ck_locations_longitude', '"longitude" BETWEEN -180 AND 180')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_locations_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_locations_customer' })
export class Location extends TenantOwned {
  @Column('uuid') customerId!: string;
  @Column('text', { nullable: true }) label!: string | null;
  @Column('text') line1!: string;
  @Column('text', { nullable: true }) line2!: string | null;
  @Column('text', { nullable: true }) city!: string | null;
  @Column('text', { nullable: true }) region!: string | null;
  @Column('text', { nullable: true }) postalCode!: string | null;
  @Column('text', { default: 'US' }) country!: string;
  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericTransformer }) latitude!: number | null;
  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericTransformer }) longitude!: number | null;
  @Column('text', { nullable: true }) accessNotes!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
