import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// OAuth clients are global, not tenant-owned: a client registers (RFC 7591) before any user of any
// tenant has signed in through it, and one client (say, an MCP desktop app) serves users of many tenants.
@Entity('oauth_clients')
export class OAuthClient {
  /** The client_id. */
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) redirectUris!: string[];
  /** SHA-256 of the secret of a confidential client; null for a public client (PKCE only). */
  @Column('bytea', { nullable: true }) secretHash!: Buffer | null;
  /** 'dynamic' (RFC 7591) or 'admin' (oauth:client:create). */
  @Index('idx_oauth_clients_source')
  @Column('text')
  source!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  /** Set when a user approves it; a dynamic client never used is deleted after OAUTH_UNUSED_CLIENT_TTL_HOURS. */
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
}
