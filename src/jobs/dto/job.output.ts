import { iso } from '../../common/entity.base';
import { lineTotal, toMoney } from '../../common/money';
import { Job } from '../job.entity';
import { JobAssignment } from '../job-assignment.entity';
import { JobLineItem } from '../job-line-item.entity';
import { JobMedia } from '../job-media.entity';

export interface CustomerSummary {
  id: string;
  display_name: string;
}

/** The job row as jobs.create/update/cancel return it: jobs.get without the nested arrays. */
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

export const toLineItemOutput = (li: JobLineItem) => ({
  id: li.id,
  catalog_item_id: li.catalogItemId,
  description: li.description,
  unit_price: li.unitPrice,
  quantity: li.quantity,
  total: toMoney(lineTotal(li.unitPrice, li.quantity)),
  sort_order: li.sortOrder,
});

export const toAssignmentOutput = (a: JobAssignment) => ({
  user_id: a.userId,
  assigned_by: a.assignedBy,
  assigned_at: iso(a.assignedAt),
});

export const toMediaOutput = (m: JobMedia) => ({
  id: m.id,
  job_id: m.jobId,
  storage_path: m.storagePath,
  kind: m.kind,
  filename: m.filename,
  size_bytes: m.sizeBytes,
  caption: m.caption,
  uploaded_by: m.uploadedBy,
  uploaded_at: iso(m.uploadedAt),
});

/** One row of jobs.list. */
export function toJobSummary(j: Job, customer: CustomerSummary | null, assigneeIds: string[]) {
  return {
    id: j.id,
    title: j.title,
    status: j.status,
    scheduled_start: iso(j.scheduledStart),
    scheduled_end: iso(j.scheduledEnd),
    customer_id: j.customerId,
    series_id: j.seriesId,
    flat_price: j.flatPrice,
    customer,
    assignments: assigneeIds.map((user_id) => ({ user_id })),
  };
}
