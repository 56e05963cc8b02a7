import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Tenant } from '../tenancy/tenant.entity';

/**
 * One idempotency key of one token: the first call's fingerprint and result, kept 24 hours.
 * The primary key makes two concurrent calls with the same key queue on one row: the second
 * waits for the first to commit and then replays its result.
 */
@Entity('idempotency_keys')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_idempotency_keys_tenant', onDelete: 'CASCADE' })
@Index('idx_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn('uuid') tenantId!: string;
  /** The API key id, or the OAuth client + user the token was issued to. */
  @PrimaryColumn('text') credentialId!: string;
  @PrimaryColumn('text') key!: string;
  @Column('text') tool!: string;
  /** SHA-256 (hex) of the tool name and its canonical arguments. */
  @Column('text') requestHash!: string;
  @Column('jsonb', { nullable: true }) result!: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
