import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/tenant.entity';

// One row per successful write tool call, written in the call's own transaction: a write that
// rolls back leaves no audit row, and an audit row never exists without its write.
@Entity('audit_events')
@Index('idx_audit_events_tenant_at', ['tenantId', 'at'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_audit_events_tenant', onDelete: 'CASCADE' })
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @PrimaryColumn('uuid') tenantId!: string; // (tenant_id, id): distributed on tenant_id
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  /** 'user', 'tenant_key', or 'operator' (the admin CLI, run on the server) */
  @Column('text') actorKind!: string;
  /** the user id, or the tenant key's id; null for the operator */
  @Column('uuid', { nullable: true }) actorId!: string | null;
  @Column('text') tool!: string;
  @Column('uuid', { nullable: true }) targetId!: string | null;
  /** the fields the call set, as the caller sent them (validated); secrets masked */
  @Column('jsonb') changes!: Record<string, unknown>;
  @Column('text') requestId!: string;
}
