import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

// Only the SHA-256 of a key is stored; the token itself is shown once, at issue time.
@Entity('api_keys')
@Index('idx_api_keys_token_hash', ['tokenHash']) // not unique: a random 256-bit hash cannot repeat, and Citus allows no unique index without tenant_id
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_api_keys_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_api_keys_user', onDelete: 'CASCADE' })
export class ApiKey extends TenantOwned {
  @Column('uuid', { nullable: true }) userId!: string | null;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text') prefix!: string;
  /** the token's last 4 characters, shown in key lists beside the prefix (null for keys issued before it was kept) */
  @Column('text', { nullable: true }) last4!: string | null;
  @Column('bytea') tokenHash!: Buffer;
  @Column('text', { array: true }) scopes!: string[];
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
}
