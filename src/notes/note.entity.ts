import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { Job } from '../jobs/job.entity';
import { Customer } from '../customers/customer.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

@Entity('notes')
@Index('idx_notes_tenant_customer', ['tenantId', 'customerId'])
@Index('idx_notes_tenant_job', ['tenantId', 'jobId'])
@Check('ck_notes_one_parent', '("customer_id" IS NULL) <> ("job_id" IS NULL)')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_notes_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_notes_customer' })
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_notes_job' })
@ForeignKey(() => User, ['tenantId', 'authorId'], ['tenantId', 'id'], { name: 'fk_notes_author' })
export class Note extends TenantOwned {
  @Column('text') body!: string;
  @Column('uuid', { nullable: true }) customerId!: string | null;
  @Column('uuid', { nullable: true }) jobId!: string | null;
  @Column('boolean', { default: false }) pinned!: boolean;
  @Column('uuid') authorId!: string;
  @Column({ type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
