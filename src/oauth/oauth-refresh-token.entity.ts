import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';
import { OAuthClient } from './oauth-client.entity';

// A refresh token, rotated on every use: each use marks the row used and adds the next one to the
// same family. Presenting a used token again is reuse: the whole family is revoked, and the access
// tokens of that family stop working too (they carry the family id as `sid`).
@Entity('oauth_refresh_tokens')
@Index('idx_oauth_refresh_tokens_hash', ['tokenHash']) // not unique: a random 256-bit hash cannot repeat, and Citus allows no unique index without tenant_id
@Index('idx_oauth_refresh_tokens_family', ['tenantId', 'familyId'])
@Index('idx_oauth_refresh_tokens_user', ['tenantId', 'userId'])
@Index('idx_oauth_refresh_tokens_client', ['clientId'])
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_oauth_refresh_tokens_user', onDelete: 'CASCADE' })
@ForeignKey(() => OAuthClient, ['clientId'], ['id'], { name: 'fk_oauth_refresh_tokens_client', onDelete: 'CASCADE' })
export class OAuthRefreshToken extends TenantOwned {
  @Column('uuid') userId!: string;
  @Column('uuid') clientId!: string;
  @Column('uuid') familyId!: string;
  @Column('bytea') tokenHash!: Buffer;
  @Column('text', { array: true }) scopes!: string[];
  @Column('text') resource!: string;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  /** When the grant (the family) began: it ends OAUTH_GRANT_MAX_DAYS later, however often it is refreshed. */
  @Column({ type: 'timestamptz' }) familyStartedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
