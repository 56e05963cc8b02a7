import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

// Global, like the issuer itself: one key signs access tokens for every tenant. A retired key stays
// in the JWKS (and verifies) until every token it signed has expired.
@Entity('oauth_signing_keys')
export class OAuthSigningKey {
  @PrimaryColumn('text') kid!: string;
  @Column('text') alg!: string;
  @Column('jsonb') publicJwk!: Record<string, unknown>;
  /** Only in databases from before keys were encrypted: emptied (moved to private_key_enc) at the next start. */
  @Column('jsonb', { nullable: true }) privateJwk!: Record<string, unknown> | null;
  /** The private JWK, AES-256-GCM encrypted (see key-encryption.ts). */
  @Column('text', { nullable: true }) privateKeyEnc!: string | null;
  @Index('idx_oauth_signing_keys_created')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
