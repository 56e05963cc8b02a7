import { Column, Entity, ForeignKey, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Tenant } from '../tenancy/tenant.entity';

// One row per (tenant, kind): the last number handed out. Incremented with an atomic upsert inside
// the caller's transaction, so concurrent creations queue on the row lock and a rolled-back
// creation gives its number back (no gaps, never a duplicate); max()+1 could not promise that.
@Entity('document_counters')
@Unique('uq_document_counters_tenant_kind', ['tenantId', 'kind'])
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_document_counters_tenant', onDelete: 'CASCADE' })
export class DocumentCounter extends TenantOwned {
  @Column('text') kind!: string;
  @Column('integer') lastValue!: number;
}
