import { Quote } from '../quotes/quote.entity';
import { Location } from '../locations/location.entity';
import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Customer } from '../customers/customer.entity';
import { JobSeries } from '../job-series/job-series.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

export const JOB_STATUSES = ['unscheduled', 'scheduled', 'done', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

@Entity('jobs')
// Narrow indexes keep the list's total count index-only.
@Index('idx_jobs_tenant', ['tenantId'])
@Index('idx_jobs_tenant_status_start', ['tenantId', 'status', 'scheduledStart'])
@Index('idx_jobs_tenant_customer', ['tenantId', 'customerId'])
// The list order (scheduled_start ASC NULLS LAST, created_at DESC) INCLUDE (id), with and without
// status, needs mixed directions, which TypeORM cannot declare: written by hand in the migrations.
@Index('idx_jobs_tenant_list_order', { synchronize: false })
@Index('idx_jobs_tenant_status_list_order', { synchronize: false })
@Check('chk_jobs_status', `"status" IN ('unscheduled', 'scheduled', 'done', 'cancelled')`)
@Check('chk_jobs_schedule_order', `"scheduled_end" IS NULL OR "scheduled_start" IS NULL OR "scheduled_end" >= "scheduled_start"`)
@Check('chk_jobs_flat_price', `"flat_price" IS NULL OR "flat_price" >= 0`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_jobs_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_jobs_customer' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_jobs_created_by' })
// job_series instances: one per (series, occurrence date), enforced here so concurrent generators never duplicate
@Unique('uq_jobs_series_occurrence', ['tenantId', 'seriesId', 'occurrenceDate'])
@Check('chk_jobs_series_occurrence', `("series_id" IS NULL) = ("occurrence_date" IS NULL)`)
@ForeignKey(() => Quote, ['tenantId', 'quoteId'], ['tenantId', 'id'], { name: 'fk_jobs_quote' })
@ForeignKey(() => Location, ['tenantId', 'locationId'], ['tenantId', 'id'], { name: 'fk_jobs_location' })
@ForeignKey(() => JobSeries, ['tenantId', 'seriesId'], ['tenantId', 'id'], { name: 'fk_jobs_series' })
export class Job extends TenantOwned {
  @Column('uuid', { nullable: true }) customerId!: string | null;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer }) flatPrice!: number | null;
  @Column('text', { default: 'unscheduled' }) status!: JobStatus;
  @Column({ type: 'timestamptz', nullable: true }) scheduledStart!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) scheduledEnd!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  /** The job series that generated this job, if any, and the occurrence date (series timezone). */
  @Column('uuid', { nullable: true }) seriesId!: string | null;
  @Column('date', { nullable: true }) occurrenceDate!: string | null;
  /** The approved quote this job was made from, and where the work happens. */
  @Column('uuid', { nullable: true }) quoteId!: string | null;
  @Column('uuid', { nullable: true }) locationId!: string | null;
}
