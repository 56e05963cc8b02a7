import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from '../tenancy/tenant.entity';

@Entity('tags')
// unique (tenant_id, lower(name)): an expression index TypeORM cannot describe, so the migration
// creates it and synchronize leaves it alone
@Index('uq_tags_tenant_lower_name', { synchronize: false })
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_tags_tenant', onDelete: 'CASCADE' })
export class Tag extends TenantOwned {
  @Column('text') name!: string;
  @Column('text', { nullable: true }) color!: string | null;
}
