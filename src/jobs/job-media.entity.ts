import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { User } from '../tenancy/user.entity';
import { Job } from './job.entity';

export const MEDIA_KINDS = ['photo', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

// Photos and videos attached to a job. No upload tool yet: jobs.get shows up to 50 previews.
@Entity('job_media')
@Index('idx_job_media_tenant_job', ['tenantId', 'jobId', 'uploadedAt'])
@Check('chk_job_media_kind', `"kind" IN ('photo', 'video')`)
@Check('chk_job_media_size', `"size_bytes" >= 0`)
// no foreign key of its own to tenants (ChildRowsFollowTheirParent): the parent's key carries tenant_id and its cascade removes the row
@ForeignKey(() => Job, ['tenantId', 'jobId'], ['tenantId', 'id'], { name: 'fk_job_media_job', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'uploadedBy'], ['tenantId', 'id'], { name: 'fk_job_media_uploaded_by' })
export class JobMedia extends TenantOwned {
  @Column('uuid') jobId!: string;
  @Column('text') storagePath!: string;
  @Column('text') kind!: MediaKind;
  @Column('text') filename!: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } }) sizeBytes!: number;
  @Column('text', { nullable: true }) caption!: string | null;
  @Column('uuid', { nullable: true }) uploadedBy!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) uploadedAt!: Date;
}
