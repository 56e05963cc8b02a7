import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

// Global, like the issuer itself: one key signs access tokens for every tenant. A retired key stays
// in the JWKS (and verifies) until every token it signed has expired.
@Entity('oauth_signing_keys')
export class OAuthSigningKey {
  @PrimaryColumn('text') kid!: string;
  @Column('text') alg!: string;
  @Column('jsonb') publicJwk!: Record<string, unknown>;
  @Column('jsonb') privateJwk!: Record<string, unknown>;
  @Index('idx_oauth_signing_keys_created')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
