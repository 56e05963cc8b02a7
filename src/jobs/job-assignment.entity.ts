import { Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';
import { Job } from './job.entity';

@Entity('job_assignments')
@Unique('uq_job_assignments_job_user', ['tenantId', 'jobId', 'userId'])
@Index('idx_job_assignments_tenant_user', ['tenantId', 'userId'])
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_job_assignments_job', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_job_assignments_user', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'assignedBy'], ['tenantId', 'id'], { name: 'fk_job_assignments_assigned_by' })
export class JobAssignment extends TenantOwned {
  @Column('uuid') jobId!: string;
  @Column('uuid') userId!: string;
  @Column('uuid', { nullable: true }) assignedBy!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) assignedAt!: Date;
}
