import { Column, Entity, ForeignKey, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';

// A user's sign-in password for the OAuth consent page, kept apart from `users` so only this module
// ever reads it. Stored as scrypt (memory-hard), see password.ts.
@Entity('user_passwords')
@Unique('uq_user_passwords_tenant_user', ['tenantId', 'userId'])
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_user_passwords_user', onDelete: 'CASCADE' })
export class UserPassword extends TenantOwned {
  @Column('uuid') userId!: string;
  @Column('text') hash!: string;
}
