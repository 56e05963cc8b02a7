import { iso } from '../../common/entity.base';
import { JobSeriesAssignment } from '../job-series-assignment.entity';
import { JobSeriesLineItem } from '../job-series-line-item.entity';
import { JobSeries } from '../job-series.entity';
import { lineTotal, toMoney } from '../../common/money';

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
