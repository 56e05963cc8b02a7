import { Column, Entity, ForeignKey, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from './tenant.entity';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Unique('uq_users_tenant_email', ['tenantId', 'email']) // emails are stored lower-cased
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_users_tenant', onDelete: 'CASCADE' })
export class User extends TenantOwned {
  @Column('text') email!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { default: 'member' }) role!: Role;
}
