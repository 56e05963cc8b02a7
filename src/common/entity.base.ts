import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, Column } from 'typeorm';

// Every table: uuid id, tenant_id, timestamps. Unique (tenant_id, id) on each table lets children
// reference it with a composite foreign key, so a cross-tenant link cannot exist even by bug.
export abstract class TenantOwned {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') tenantId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
