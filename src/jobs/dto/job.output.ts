import { iso } from '../../common/entity.base';
import { arrayOf, int, JsonSchema, money, nullable, num, obj, oneOf, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';
import { JOB_STATUSES, Job } from '../job.entity';
import { MEDIA_KINDS } from '../job-media.entity';

export interface CustomerSummary {
  id: string;
  display_name: string;
}

/**
 * The job row as jobs.create/update/cancel return it: jobs.get without the nested arrays. jobs.get
 * and jobs.list are built in SQL (../job-read.sql.ts), to JOB_DETAIL_OUTPUT and JOB_PAGE_OUTPUT below.
 */
export function toJobOutput(j: Job, customer: CustomerSummary | null) {
  return {
    id: j.id,
    tenant_id: j.tenantId,
    customer_id: j.customerId,
    series_id: j.seriesId,
    quote_id: j.quoteId ?? null,
    location_id: j.locationId ?? null,
    title: j.title,
    description: j.description,
    flat_price: j.flatPrice,
    status: j.status,
    scheduled_start: iso(j.scheduledStart),
    scheduled_end: iso(j.scheduledEnd),
    completed_at: iso(j.completedAt),
    created_by: j.createdBy,
    created_at: iso(j.createdAt),
    updated_at: iso(j.updatedAt),
    customer,
  };
}

const status = oneOf(JOB_STATUSES, 'unscheduled → scheduled (a scheduled_start is set) → done; cancelled at any point');
export const CUSTOMER_SUMMARY_OUTPUT = nullable(obj({ id: uuid(), display_name: str() }, 'the customer, or null when the job has none'));

/** The job row as jobs.create/update/cancel return it (jobs.get adds its lists). */
export const JOB_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  customer_id: nullable(uuid()),
  series_id: nullable(uuid('the job series that generated it; null for a one-off job')),
  quote_id: nullable(uuid('the approved quote it was made from')),
  location_id: nullable(uuid('where the work happens')),
  title: str(),
  description: nullable(str()),
  flat_price: nullable(money('billed instead of the line items when set')),
  status,
  scheduled_start: nullable(timestamp()),
  scheduled_end: nullable(timestamp()),
  completed_at: nullable(timestamp('stamped when the status became done')),
  created_by: nullable(uuid()),
  created_at: timestamp(),
  updated_at: timestamp(),
  customer: CUSTOMER_SUMMARY_OUTPUT,
});

/** A line of a job, or of a job series template (document lines, with taxable, are in catalog-items/line-item.base.ts). */
export const JOB_LINE_ITEM_OUTPUT = obj({
  id: uuid(),
  catalog_item_id: nullable(uuid('the pricebook item')),
  description: str(),
  unit_price: money(),
  quantity: num('up to 3 decimals'),
  total: money('round(unit_price × quantity, 2)'),
  sort_order: int(),
});
export const JOB_ASSIGNMENT_OUTPUT = obj({ user_id: uuid(), assigned_by: nullable(uuid()), assigned_at: timestamp() });
export const JOB_MEDIA_OUTPUT = obj({
  id: uuid(),
  job_id: uuid(),
  storage_path: str(),
  kind: oneOf(MEDIA_KINDS),
  filename: str(),
  size_bytes: int(),
  caption: nullable(str()),
  uploaded_by: nullable(uuid()),
  uploaded_at: timestamp(),
});

/** jobs.get: the row with its line items, assignments and up to 50 media previews. */
export const JOB_DETAIL_OUTPUT = obj({
  ...(JOB_OUTPUT.properties as Record<string, JsonSchema>),
  job_line_items: arrayOf(JOB_LINE_ITEM_OUTPUT, 'by sort_order'),
  job_assignments: arrayOf(JOB_ASSIGNMENT_OUTPUT, 'in the order they were assigned'),
  job_media: arrayOf(JOB_MEDIA_OUTPUT, 'the 50 newest photos and videos'),
});

/** A jobs.list row. */
export const JOB_SUMMARY_OUTPUT = obj({
  id: uuid(),
  title: str(),
  status,
  scheduled_start: nullable(timestamp()),
  scheduled_end: nullable(timestamp()),
  customer_id: nullable(uuid()),
  series_id: nullable(uuid()),
  flat_price: nullable(money()),
  updated_at: timestamp('the last change (incremental sync)'),
  customer: CUSTOMER_SUMMARY_OUTPUT,
  assignments: arrayOf(obj({ user_id: uuid() }), 'the assigned users'),
});
export const JOB_PAGE_OUTPUT = pageSchema(JOB_SUMMARY_OUTPUT);
