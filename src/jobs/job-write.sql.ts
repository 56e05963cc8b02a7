import { EntityManager } from 'typeorm';
import { notOwned, refuseMissing } from '../common/references';
import { auditInsertSql, inlineAudit } from '../audit/audit.service';
import { hookedSql, outboxSql, subscriberHints } from '../webhooks/outbox';
import { ToolContext } from '../common/context';
import { preparedQuery } from '../database/prepared';
import { insertValues, routedWrites } from '../database/write-mode';
import { CustomerSummary, toJobOutput } from './dto/job.output';
import type { LineItemData } from './job-children';
import { Job, JobStatus } from './job.entity';

// jobs.create's statements, prepared (TypeORM's save() and entity finds cost more Node CPU than the
// rest of the call, and every round trip to PostgreSQL counts on the bench): one to check what the
// job refers to, one to insert the job with its line items and assignments.

/** invalid_input for the first reference that is not the tenant's, as ensureOwned / ensureAllOwned word it. */
function refuseReferences(customerId: string | null, customerName: string | null, userIds: string[], found: string[]): void {
  if (customerId && customerName === null) throw notOwned('customer_id', 'customer', customerId);
  refuseMissing(userIds, found, 'assigned_user_ids', 'member');
}

/**
 * The job's customer (its summary) and assignees must be the tenant's: one query for both (one bad
 * assignee fails the whole request). insertJob checks the same in its own statement; this is for
 * when a later check needs the customer first (the location's owner).
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
  refuseReferences(customerId, row.customer_name, userIds, row.user_ids);
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

// One statement: check the customer and assignees (nothing is inserted unless all are the tenant's),
// insert the job, its line items and assignments, and the call's audit row and webhook events
// (inlineAudit; an event's object is completed with what the insert made: id, timestamps, customer).
// Its quiet twin has no outbox, for a tenant with no enabled webhook endpoint (SubscriberHints): it
// inserts nothing when the tenant has one after all (chk.hooked), and the full statement runs instead.
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const EVENT_OBJECT = `jsonb_set(t.data::jsonb, '{object}', (t.data::jsonb->'object') || jsonb_build_object('id', ins.id, 'created_at', ${ISO('ins.created_at')}, 'updated_at', ${ISO('ins.updated_at')},
  'customer', CASE WHEN chk.customer_name IS NULL THEN 'null'::jsonb ELSE jsonb_build_object('id', lower($2::text), 'display_name', chk.customer_name) END))`;
const CHILDREN = childInsertsSql('ins.id', 'ins, ', { tenant: 1, lines: 12, assignedBy: 11, users: 17 });
const insertJobSql = (outbox: boolean) => `
WITH chk AS (
  SELECT (SELECT c.display_name FROM customers c WHERE c.tenant_id = $1::uuid AND c.id = $2::uuid) AS customer_name,
         ARRAY(SELECT u.id::text FROM users u WHERE u.tenant_id = $1::uuid AND u.id = ANY ($17::uuid[])) AS user_ids,
         ${hookedSql(1)} AS hooked
), ins AS (
  INSERT INTO jobs (tenant_id, customer_id, quote_id, location_id, title, description, flat_price, status, scheduled_start, scheduled_end, created_by)
  SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::text, $6::text, $7::numeric, $8::text, $9::timestamptz, $10::timestamptz, $11::uuid
    FROM chk
   WHERE ($2::uuid IS NULL OR chk.customer_name IS NOT NULL) AND cardinality(chk.user_ids) = cardinality($17::uuid[])${outbox ? '' : ' AND NOT chk.hooked'}
  RETURNING id, created_at, updated_at
), li AS (
  ${CHILDREN.lines}
), asg AS (
  ${CHILDREN.assignments}
), aud AS (
  ${auditInsertSql(18, 'ins.id', ' FROM ins WHERE $21::text IS NOT NULL')}
)${outbox ? `, ${outboxSql({ tenant: 18, actorKind: 19, actorId: 20, types: 24, datas: 25 }, EVENT_OBJECT, 'ins, chk, ')}` : ''}
SELECT chk.customer_name, chk.user_ids, chk.hooked, ins.id, ins.created_at, ins.updated_at FROM chk LEFT JOIN ins ON true`;
const INSERT_JOB = insertJobSql(true);
const INSERT_JOB_QUIET = insertJobSql(false);

type InsertedJob = { customer_name: string | null; user_ids: string[]; hooked: boolean; id: string | null; created_at: Date; updated_at: Date };

/**
 * Inserts a job with its line items and assignees, after checking in the same statement that its
 * customer and assignees are the tenant's (invalid_input otherwise, nothing written). Returns the job
 * as the entity the output mapper takes, and its customer summary.
 */
export async function insertJob(ctx: ToolContext, j: NewJob, lines: LineItemData[], userIds: string[]): Promise<{ job: Job; customer: CustomerSummary | null }> {
  const distinct = [...new Set(userIds.map((u) => u.toLowerCase()))];
  if (routedWrites(ctx.em)) return insertJobRouted(ctx.em, j, lines, userIds, distinct);
  const audit = inlineAudit(ctx);
  const values = [...jobRowValues(j), ...lineArrays(lines), distinct, ...audit.row];
  const row = await subscriberHints.write(
    j.tenantId,
    async () => (await preparedQuery<InsertedJob>(ctx.em, 'jobs.insert.quiet', INSERT_JOB_QUIET, values))[0],
    async () => {
      // the result as known before the insert; the statement completes the event's copy (EVENT_OBJECT)
      const known = toJobOutput(Object.assign(new Job(), j, { id: null, createdAt: null, updatedAt: null, completedAt: null, seriesId: null, occurrenceDate: null }), null);
      return (await preparedQuery<InsertedJob>(ctx.em, 'jobs.insert', INSERT_JOB, [...values, ...audit.events(known)]))[0];
    },
  );
  if (!row.id) {
    refuseReferences(j.customerId, row.customer_name, userIds, row.user_ids);
    throw new Error('jobs.insert wrote nothing although its references check passed');
  }
  audit.done();
  const job = Object.assign(new Job(), j, { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, completedAt: null, seriesId: null, occurrenceDate: null });
  return { job, customer: j.customerId ? { id: j.customerId.toLowerCase(), display_name: row.customer_name! } : null };
}

/** The job's own columns, in JOB_COLUMNS' order: the first parameters of INSERT_JOB and the routed INSERT's row. */
function jobRowValues(j: NewJob): unknown[] {
  return [
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
  ];
}

// On Citus (src/database/write-mode.ts): the reference check, the job, its line items and its
// assignments, each a routed statement of its own in the call's transaction; the gateway then writes
// the audit row and outbox (AuditService.record) with the tool's result.
const JOB_COLUMNS = ['tenant_id', 'customer_id', 'quote_id', 'location_id', 'title', 'description', 'flat_price', 'status', 'scheduled_start', 'scheduled_end', 'created_by'];

async function insertJobRouted(
  em: EntityManager,
  j: NewJob,
  lines: LineItemData[],
  userIds: string[],
  distinct: string[],
): Promise<{ job: Job; customer: CustomerSummary | null }> {
  const customer = await checkJobReferences(em, j.tenantId, j.customerId, userIds);
  const jobRow = jobRowValues(j);
  const [row] = await insertValues<{ id: string; created_at: Date; updated_at: Date }>(em, 'jobs.insert.row', 'jobs', JOB_COLUMNS, [jobRow], {
    returning: 'id, created_at, updated_at',
  });
  await insertChildRows(em, j.tenantId, [row.id], lines, distinct, j.createdBy);
  const job = Object.assign(new Job(), j, { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, completedAt: null, seriesId: null, occurrenceDate: null });
  return { job, customer };
}

/** New jobs' line items (each job all of `lines`) and assignments as INSERT … VALUES: the routed form of childInsertsSql's statements. */
export async function insertChildRows(em: EntityManager, tenantId: string, jobIds: string[], lines: LineItemData[], userIds: string[], assignedBy: string | null): Promise<void> {
  const [catalogItemIds, descriptions, unitPrices, quantities, sortOrders] = lineArrays(lines) as unknown[][];
  const lineRows = jobIds.flatMap((jobId) => lines.map((_, i) => [tenantId, jobId, catalogItemIds[i], descriptions[i], unitPrices[i], quantities[i], sortOrders[i]]));
  if (lineRows.length)
    await insertValues(em, 'job_line_items.insert', 'job_line_items', ['tenant_id', 'job_id', 'catalog_item_id', 'description', 'unit_price', 'quantity', 'sort_order'], lineRows);
  const assignmentRows = jobIds.flatMap((jobId) => userIds.map((userId) => [tenantId, jobId, userId, assignedBy]));
  if (assignmentRows.length) await insertValues(em, 'job_assignments.insert', 'job_assignments', ['tenant_id', 'job_id', 'user_id', 'assigned_by'], assignmentRows);
}

/**
 * The INSERTs of a new job's line items and assignments (CTE bodies): `job` is the SQL of the job's
 * id, `from` the FROM items that provide it; line items are the five lineArrays parameters from
 * $lines on. One column list for jobs.create and for series instances (job-children.ts).
 */
export function childInsertsSql(job: string, from: string, p: { tenant: number; lines: number; assignedBy: number; users: number }) {
  const l = p.lines;
  return {
    lines: `INSERT INTO job_line_items (tenant_id, job_id, catalog_item_id, description, unit_price, quantity, sort_order)
  SELECT $${p.tenant}::uuid, ${job}, x.catalog_item_id, x.description, x.unit_price, x.quantity, x.sort_order
    FROM ${from}unnest($${l}::uuid[], $${l + 1}::text[], $${l + 2}::numeric[], $${l + 3}::numeric[], $${l + 4}::int[]) AS x(catalog_item_id, description, unit_price, quantity, sort_order)`,
    assignments: `INSERT INTO job_assignments (tenant_id, job_id, user_id, assigned_by)
  SELECT $${p.tenant}::uuid, ${job}, u, $${p.assignedBy}::uuid FROM ${from}unnest($${p.users}::uuid[]) AS u`,
  };
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

// ---- job series instances (JobsService.insertSeriesInstances / cancelSeriesInstances) ----

// The instances of a window (ON CONFLICT: a date that already has one is skipped), and only for
// the rows really inserted, the template's line items and assignments (childInsertsSql's columns).
const SERIES_CHILDREN = childInsertsSql('ins.id', 'ins, ', { tenant: 1, lines: 12, assignedBy: 8, users: 17 });
const INSERT_SERIES_INSTANCES = `
WITH ins AS (
  INSERT INTO jobs (tenant_id, series_id, occurrence_date, title, description, customer_id, location_id, flat_price, status, scheduled_start, scheduled_end, completed_at, created_by)
  SELECT $1::uuid, $2::uuid, d.occurrence_date, $3::text, $4::text, $5::uuid, $6::uuid, $7::numeric, 'scheduled', d.scheduled_start, d.scheduled_end, NULL, $8::uuid
    FROM unnest($9::date[], $10::timestamptz[], $11::timestamptz[]) AS d(occurrence_date, scheduled_start, scheduled_end)
  ON CONFLICT DO NOTHING
  RETURNING id
), li AS (
  ${SERIES_CHILDREN.lines}
), asg AS (
  ${SERIES_CHILDREN.assignments}
)
SELECT COALESCE(array_agg(id), '{}') AS ids FROM ins`;

/** A series' window of instances, as the series generator computed it. */
export interface SeriesInstances {
  tenantId: string;
  seriesId: string;
  title: string;
  description: string | null;
  customerId: string | null;
  locationId: string | null;
  flatPrice: number | null;
  createdBy: string | null;
  dates: string[];
  starts: (Date | null)[];
  ends: (Date | null)[];
  lineItems: LineItemData[];
  assignedUserIds: string[];
}

/** One statement, a fixed number of parameters whatever the window and the template (arrays, unnest). Returns the new jobs' ids. */
export async function insertSeriesInstances(em: EntityManager, s: SeriesInstances): Promise<string[]> {
  if (routedWrites(em)) return insertSeriesInstancesRouted(em, s);
  const [{ ids }] = await preparedQuery<{ ids: string[] }>(em, 'job_series.instances', INSERT_SERIES_INSTANCES, [
    s.tenantId,
    s.seriesId,
    s.title,
    s.description,
    s.customerId,
    s.locationId,
    s.flatPrice === null ? null : String(s.flatPrice),
    s.createdBy,
    s.dates,
    s.starts,
    s.ends,
    ...lineArrays(s.lineItems),
    s.assignedUserIds,
  ]);
  return ids;
}

/** On Citus: the instances, then only the inserted ones' line items and assignments, each a routed INSERT … VALUES. */
async function insertSeriesInstancesRouted(em: EntityManager, s: SeriesInstances): Promise<string[]> {
  const flatPrice = s.flatPrice === null ? null : String(s.flatPrice);
  const rows = s.dates.map((date, i) => [
    s.tenantId,
    s.seriesId,
    date,
    s.title,
    s.description,
    s.customerId,
    s.locationId,
    flatPrice,
    'scheduled',
    s.starts[i],
    s.ends[i],
    s.createdBy,
  ]);
  const columns = [
    'tenant_id',
    'series_id',
    'occurrence_date',
    'title',
    'description',
    'customer_id',
    'location_id',
    'flat_price',
    'status',
    'scheduled_start',
    'scheduled_end',
    'created_by',
  ];
  const ids = (await insertValues<{ id: string }>(em, 'job_series.instances.rows', 'jobs', columns, rows, { conflict: 'ON CONFLICT DO NOTHING', returning: 'id' })).map(
    (r) => r.id,
  );
  await insertChildRows(em, s.tenantId, ids, s.lineItems, s.assignedUserIds, s.createdBy);
  return ids;
}

/** Cancels a series' future unscheduled/scheduled instances; returns them (with their previous status) by occurrence date. */
export async function cancelSeriesInstances(em: EntityManager, tenantId: string, seriesId: string, today: string) {
  const [cancelled]: [{ id: string; from: JobStatus; occurrence_date: string }[]] = await em.query(
    `WITH old AS (
       SELECT id, status FROM jobs WHERE tenant_id = $1 AND series_id = $2 AND status IN ('unscheduled', 'scheduled')
          AND (scheduled_start >= now() OR (scheduled_start IS NULL AND occurrence_date >= $3)) ORDER BY occurrence_date FOR UPDATE)
     UPDATE jobs j SET status = 'cancelled', completed_at = NULL, updated_at = now() FROM old
      WHERE j.tenant_id = $1 AND j.id = old.id RETURNING j.id, old.status AS "from", j.occurrence_date`,
    [tenantId, seriesId, today],
  );
  return cancelled.sort((x, y) => (x.occurrence_date < y.occurrence_date ? -1 : 1));
}
