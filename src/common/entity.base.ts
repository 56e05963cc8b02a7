import { CreateDateColumn, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

// Every table: uuid id, tenant_id, timestamps. Unique (tenant_id, id) on each table lets children
// reference it with a composite foreign key, so a cross-tenant link cannot exist even by bug.
export abstract class TenantOwned {
  @PrimaryGeneratedColumn('uuid') id!: string;
  // the primary key is (tenant_id, id): Citus distributes every tenant table on tenant_id, and a
  // distributed table's keys must contain it (README "Scale-out on Citus")
  @PrimaryColumn('uuid') tenantId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
