import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwned } from '../common/entity.base';
import { numericTransformer } from '../common/transformers';
import { Customer } from '../customers/customer.entity';
import { Location } from '../locations/location.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { User } from '../tenancy/user.entity';

/** PostgreSQL returns a time as "HH:MM:SS"; the API speaks "HH:MM". */
const hhmm = { to: (v: string | null | undefined) => v, from: (v: string | null) => (v === null ? null : v.slice(0, 5)) };

@Entity('job_series')
@Index('idx_job_series_tenant_created', ['tenantId', 'createdAt'])
@Index('idx_job_series_tenant_customer', ['tenantId', 'customerId'])
@Check('chk_job_series_flat_price', `"flat_price" IS NULL OR "flat_price" >= 0`)
@Check('chk_job_series_max_occurrences', `"max_occurrences" IS NULL OR "max_occurrences" BETWEEN 1 AND 366`)
@Check('chk_job_series_duration', `"duration_minutes" IS NULL OR ("duration_minutes" BETWEEN 1 AND 1440 AND "start_time" IS NOT NULL)`)
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_job_series_tenant', onDelete: 'CASCADE' })
@ForeignKey(() => Customer, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_job_series_customer' })
@ForeignKey(() => Location, ['tenantId', 'locationId'], ['tenantId', 'id'], { name: 'fk_job_series_location' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_job_series_created_by' })
export class JobSeries extends TenantOwned {
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text') rrule!: string;
  @Column('text') timezone!: string;
  @Column('date') dtstart!: string;
  @Column('date', { nullable: true }) endsOn!: string | null;
  @Column('int', { nullable: true }) maxOccurrences!: number | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer }) flatPrice!: number | null;
  @Column('uuid', { nullable: true }) customerId!: string | null;
  /** Where the work happens (a location of the series' customer); instances copy it. */
  @Column('uuid', { nullable: true }) locationId!: string | null;
  /** Local wall-clock start of each instance ("HH:MM"; null = local midnight) and its length. */
  @Column({ type: 'time', precision: 0, nullable: true, transformer: hhmm }) startTime!: string | null;
  @Column('int', { nullable: true }) durationMinutes!: number | null;
  /** The series author: generated instances carry it as created_by. */
  @Column('uuid') createdBy!: string;
  /** Set by job_series.end; an ended series never generates again. */
  @Column({ type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
