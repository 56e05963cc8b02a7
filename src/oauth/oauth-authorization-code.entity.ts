import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';
import { OAuthClient } from './oauth-client.entity';

// An authorization code: one use, short-lived. Only its SHA-256 is stored. family_id names the
// refresh-token family its exchange started, so a replayed code can revoke what it produced.
@Entity('oauth_authorization_codes')
@Index('idx_oauth_codes_hash', ['codeHash']) // not unique: a random 256-bit hash cannot repeat, and Citus allows no unique index without tenant_id
@Index('idx_oauth_codes_user', ['tenantId', 'userId'])
@Index('idx_oauth_codes_client', ['clientId'])
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_oauth_codes_user', onDelete: 'CASCADE' })
@ForeignKey(() => OAuthClient, ['clientId'], ['id'], { name: 'fk_oauth_codes_client', onDelete: 'CASCADE' })
export class OAuthAuthorizationCode extends TenantOwned {
  @Column('uuid') userId!: string;
  @Column('uuid') clientId!: string;
  @Column('bytea') codeHash!: Buffer;
  @Column('text') redirectUri!: string;
  @Column('text', { array: true }) scopes!: string[];
  @Column('text') codeChallenge!: string;
  @Column('text') resource!: string;
  @Column('uuid') familyId!: string;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
}
