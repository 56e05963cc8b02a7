import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';

// A signed-in owner's browser session on the settings page. Only the SHA-256 of the cookie's token
// is stored. It ends at expiresAt (absolute) or after an idle spell since lastSeenAt, whichever
// comes first, and at sign-out (the row is deleted).
@Entity('settings_sessions')
@Index('idx_settings_sessions_token_hash', ['tokenHash']) // not unique: a random 256-bit hash cannot repeat, and Citus allows no unique index without tenant_id
@Index('idx_settings_sessions_expires_at', ['expiresAt'])
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_settings_sessions_user', onDelete: 'CASCADE' })
export class SettingsSession extends TenantOwned {
  @Column('uuid') userId!: string;
  @Column('bytea') tokenHash!: Buffer;
  @Column({ type: 'timestamptz', default: () => 'now()' }) lastSeenAt!: Date;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
}
