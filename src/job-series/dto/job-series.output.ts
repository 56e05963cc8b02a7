import { iso } from '../../common/entity.base';
import { JobSeriesAssignment } from '../job-series-assignment.entity';
import { JobSeriesLineItem } from '../job-series-line-item.entity';
import { JobSeries } from '../job-series.entity';
import { lineTotal, toMoney } from '../../common/money';
import { JOB_LINE_ITEM_OUTPUT } from '../../jobs/dto/job.output';
import { arrayOf, date, flagged, int, JsonSchema, money, nullable, obj, pageSchema, str, timestamp, uuid } from '../../mcp/output-schema';

export function toJobSeriesOutput(s: JobSeries) {
  return {
    id: s.id,
    tenant_id: s.tenantId,
    title: s.title,
    description: s.description,
    rrule: s.rrule,
    timezone: s.timezone,
    dtstart: s.dtstart,
    ends_on: s.endsOn,
    max_occurrences: s.maxOccurrences,
    flat_price: s.flatPrice,
    customer_id: s.customerId,
    location_id: s.locationId,
    start_time: s.startTime,
    duration_minutes: s.durationMinutes,
    created_by: s.createdBy,
    ended_at: iso(s.endedAt),
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export const toSeriesLineItemOutput = (li: JobSeriesLineItem) => ({
  id: li.id,
  catalog_item_id: li.catalogItemId,
  description: li.description,
  unit_price: li.unitPrice,
  quantity: li.quantity,
  total: toMoney(lineTotal(li.unitPrice, li.quantity)),
  sort_order: li.sortOrder,
});

export const toSeriesAssignmentOutput = (a: JobSeriesAssignment) => ({ id: a.id, user_id: a.userId, created_at: iso(a.createdAt) });

export const JOB_SERIES_OUTPUT = obj({
  id: uuid(),
  tenant_id: uuid(),
  title: str(),
  description: nullable(str()),
  rrule: str(),
  timezone: str('IANA time zone name'),
  dtstart: date(),
  ends_on: nullable(date('no occurrence after this date')),
  max_occurrences: nullable(int()),
  flat_price: nullable(money()),
  customer_id: nullable(uuid()),
  location_id: nullable(uuid('where the work happens; generated jobs copy it')),
  start_time: nullable(str('local start of every generated job, "HH:MM"; null: midnight')),
  duration_minutes: nullable(int('length of every generated job')),
  created_by: uuid('the series author; generated jobs carry it as created_by'),
  ended_at: nullable(timestamp('set by job_series.end: an ended series never generates again')),
  created_at: timestamp(),
  updated_at: timestamp(),
});
export const JOB_SERIES_ASSIGNMENT_OUTPUT = obj({ id: uuid(), user_id: uuid(), created_at: timestamp() });
/** job_series.get: the series with its template lists. */
export const JOB_SERIES_DETAIL_OUTPUT = obj({
  ...(JOB_SERIES_OUTPUT.properties as Record<string, JsonSchema>),
  job_series_line_items: arrayOf(JOB_LINE_ITEM_OUTPUT, 'by sort_order'),
  job_series_assignments: arrayOf(JOB_SERIES_ASSIGNMENT_OUTPUT),
});
export const JOB_SERIES_PAGE_OUTPUT = pageSchema(JOB_SERIES_OUTPUT);
export const JOB_SERIES_ENDED_OUTPUT = flagged('ended');
