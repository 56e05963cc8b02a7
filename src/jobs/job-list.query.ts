import { SelectQueryBuilder } from 'typeorm';
import { likePattern } from '../common/paging';
import { Job, JobStatus } from './job.entity';

export interface JobFilters {
  status?: JobStatus;
  customerId?: string;
  seriesId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** The one place that turns jobs.list filters into SQL (alias `j`); new filters go here. */
export function applyJobFilters(qb: SelectQueryBuilder<Job>, tenantId: string, f: JobFilters): SelectQueryBuilder<Job> {
  qb.where('j.tenant_id = :tenantId', { tenantId });
  if (f.status) qb.andWhere('j.status = :status', { status: f.status });
  if (f.customerId) qb.andWhere('j.customer_id = :customerId', { customerId: f.customerId });
  if (f.seriesId) qb.andWhere('j.series_id = :seriesId', { seriesId: f.seriesId });
  if (f.from) qb.andWhere('j.scheduled_start >= :from', { from: f.from });
  if (f.to) qb.andWhere('j.scheduled_start <= :to', { to: f.to });
  if (f.q) qb.andWhere('j.title ILIKE :q', { q: likePattern(f.q) });
  return qb;
}
