import { EntityManager } from 'typeorm';
import { InvalidField } from '../common/errors';
import { preparedQuery } from '../database/prepared';
import { CustomerSummary } from './dto/job.output';
import type { LineItemData } from './job-children';
import { Job, JobStatus } from './job.entity';

// jobs.create's statements, prepared (TypeORM's save() and entity finds cost more Node CPU than the
// rest of the call, and every round trip to PostgreSQL counts on the bench): one to check what the
// job refers to, one to insert the job with its line items and assignments.

/**
 * The job's customer (its summary) and assignees must be the tenant's: one query for both, with the
 * same invalid_input as ensureOwned / ensureAllOwned (one bad assignee fails the whole request).
 */
export async function checkJobReferences(em: EntityManager, tenantId: string, customerId: string | null, userIds: string[]): Promise<CustomerSummary | null> {
  if (!customerId && !userIds.length) return null;
  const [row] = await preparedQuery<{ customer_name: string | null; user_ids: string[] }>(
    em,
    'jobs.references',
    `SELECT (SELECT c.display_name FROM customers c WHERE c.tenant_id = $1::uuid AND c.id = $2::uuid) AS customer_name,
            ARRAY(SELECT u.id::text FROM users u WHERE u.tenant_id = $1::uuid AND u.id = ANY ($3::uuid[])) AS user_ids`,
    [tenantId, customerId, userIds],
  );
  if (customerId && row.customer_name === null) throw InvalidField('customer_id', `no customer with id ${customerId} in this tenant`);
  const found = new Set(row.user_ids);
  const missing = userIds.findIndex((id) => !found.has(id.toLowerCase()));
  if (missing >= 0) throw InvalidField(`assigned_user_ids.${missing}`, `no member with id ${userIds[missing]} in this tenant`);
  return customerId ? { id: customerId.toLowerCase(), display_name: row.customer_name! } : null;
}

export interface NewJob {
  tenantId: string;
  customerId: string | null;
  quoteId: string | null;
  locationId: string | null;
  title: string;
  description: string | null;
  flatPrice: number | null;
  status: JobStatus;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  createdBy: string | null;
}

const INSERT_JOB = `
WITH ins AS (
  INSERT INTO jobs (tenant_id, customer_id, quote_id, location_id, title, description, flat_price, status, scheduled_start, scheduled_end, created_by)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::text, $6::text, $7::numeric, $8::text, $9::timestamptz, $10::timestamptz, $11::uuid)
  RETURNING id, created_at, updated_at
), li AS (
  INSERT INTO job_line_items (tenant_id, job_id, catalog_item_id, description, unit_price, quantity, sort_order)
  SELECT $1::uuid, ins.id, x.catalog_item_id, x.description, x.unit_price, x.quantity, x.sort_order
    FROM ins, unnest($12::uuid[], $13::text[], $14::numeric[], $15::numeric[], $16::int[]) AS x(catalog_item_id, description, unit_price, quantity, sort_order)
), asg AS (
  INSERT INTO job_assignments (tenant_id, job_id, user_id, assigned_by)
  SELECT $1::uuid, ins.id, u, $11::uuid FROM ins, unnest($17::uuid[]) AS u
)
SELECT id, created_at, updated_at FROM ins`;

/** Inserts a job with its line items and (distinct) assignees in one statement; returns it as the entity the output mapper takes. */
export async function insertJob(em: EntityManager, j: NewJob, lines: LineItemData[], userIds: string[]): Promise<Job> {
  const [row] = await preparedQuery<{ id: string; created_at: Date; updated_at: Date }>(em, 'jobs.insert', INSERT_JOB, [
    j.tenantId,
    j.customerId,
    j.quoteId,
    j.locationId,
    j.title,
    j.description,
    j.flatPrice === null ? null : String(j.flatPrice),
    j.status,
    j.scheduledStart,
    j.scheduledEnd,
    j.createdBy,
    ...lineArrays(lines),
    [...new Set(userIds)],
  ]);
  return Object.assign(new Job(), j, { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, completedAt: null, seriesId: null, occurrenceDate: null });
}

/** Line items as the five parallel arrays the INSERT … unnest(…) statements take. */
export function lineArrays(lines: LineItemData[]): unknown[] {
  return [
    lines.map((li) => li.catalog_item_id ?? null),
    lines.map((li) => li.description),
    // decimal strings: the validated numbers reach numeric without float formatting
    lines.map((li) => String(li.unit_price)),
    lines.map((li) => String(li.quantity)),
    lines.map((li, i) => li.sort_order ?? i),
  ];
}
