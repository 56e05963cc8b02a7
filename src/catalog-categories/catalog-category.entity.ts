import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('catalog_categories')
// unique (tenant_id, lower(name)): an expression index TypeORM cannot describe, created in the migration
@Index('uq_catalog_categories_tenant_lower_name', { synchronize: false })
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_catalog_categories_tenant', onDelete: 'CASCADE' })
export class CatalogCategory extends TenantOwned {
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('integer', { default: 0 }) sortOrder!: number;
}
