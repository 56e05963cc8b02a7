import { Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';
import { JobSeries } from './job-series.entity';

@Entity('job_series_assignments')
@Unique('uq_job_series_assignments_series_user', ['tenantId', 'seriesId', 'userId'])
@Index('idx_job_series_assignments_tenant_user', ['tenantId', 'userId'])
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => JobSeries, ['tenantId', 'seriesId'], ['tenantId', 'id'], { name: 'fk_job_series_assignments_series', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_job_series_assignments_user', onDelete: 'CASCADE' })
export class JobSeriesAssignment extends TenantOwned {
  @Column('uuid') seriesId!: string;
  @Column('uuid') userId!: string;
}
