import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { likePattern, PAGE_SIZE } from '../common/paging';
import { RawJson } from '../mcp/raw-json';
import { JobStatus } from './job.entity';
import { syncArgs, UPDATED_MS } from '../common/sync';
import type { PageInput } from '../common/validation';

// The two hot reads, jobs.list and jobs.get, are each ONE statement in which PostgreSQL builds the
// result as JSON: one round trip, no ORM hydration, no per-row mapping in Node (the bench showed
// four TypeORM finds per jobs.get costing ~1 ms of Node CPU). The shapes are JOB_DETAIL_OUTPUT and
// JOB_PAGE_OUTPUT in dto/job.output.ts (next to toJobOutput, which jobs.create/update/cancel return),
// checked against the tools' outputSchema in every e2e test.

export const MEDIA_PREVIEWS = 50;

/** ISO 8601 UTC with milliseconds, exactly as Date#toISOString() prints it. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface JobFilters {
  status?: JobStatus;
  customerId?: string;
  seriesId?: string;
  from?: string;
  to?: string;
  q?: string;
}

// jobs.list filters, in one place: [argument, SQL condition on a jobs alias with its parameter].
const FILTERS: [keyof JobFilters, (a: string, p: string) => string, (v: string) => unknown][] = [
  ['status', (a, p) => `${a}.status = ${p}`, (v) => v],
  ['customerId', (a, p) => `${a}.customer_id = ${p}::uuid`, (v) => v],
  ['seriesId', (a, p) => `${a}.series_id = ${p}::uuid`, (v) => v],
  ['from', (a, p) => `${a}.scheduled_start >= ${p}::timestamptz`, (v) => v],
  ['to', (a, p) => `${a}.scheduled_start <= ${p}::timestamptz`, (v) => v],
  ['q', (a, p) => `${a}.title ILIKE ${p}`, (v) => likePattern(v)],
];

/**
 * A page of jobs in list order (scheduled_start ascending, no start last, then newest first).
 * Deferred join: the page's 20 ids come from an index range scan in list order, and only those rows
 * are read with their customer and assignees. The total count, in the same statement (one snapshot,
 * so it is exact): for the whole tenant or one status, the sum of the tenant's job_counts rows, which
 * triggers on jobs keep in step with every write (migration JobCounts); with any other filter a
 * join-free COUNT over the narrow (tenant_id[, status, scheduled_start]) indexes, index-only.
 */
export async function listJobs(em: EntityManager, tenantId: string, f: JobFilters & PageInput, page: number): Promise<RawJson> {
  const params: unknown[] = [tenantId, (page - 1) * PAGE_SIZE];
  // one prepared statement per filter combination (at most 2^6 × 4), named after the filters present
  let name = 'jobs.list:';
  let first = true;
  for (const [n, , value] of FILTERS) {
    const v = f[n];
    if (v === undefined) continue;
    params.push(value(v));
    name += first ? n : `,${n}`;
    first = false;
  }
  // incremental sync (common/sync.ts): rows changed since, after the (updated_at, id) cursor, oldest change first
  const sync = syncArgs(f);
  if (sync.since !== undefined) {
    params.push(sync.since);
    name += ':since';
    if (sync.afterId !== undefined) {
      params.push(sync.afterId);
      name += ':after';
    }
  }
  if (sync.byUpdated) name += ':by-updated';
  // the statement's text depends only on what its name says: built once per name
  let text = LIST_TEXTS.get(name);
  if (text === undefined) LIST_TEXTS.set(name, (text = listSql(f, sync)));
  const [row] = await preparedQuery<{ body: string }>(em, name, text, params);
  return new RawJson(row.body);
}

const LIST_TEXTS = new Map<string, string>();

/** The text of jobs.list's statement for the filters present in `f` and its sync arguments, parameters in the order listJobs pushes them. */
function listSql(f: JobFilters, sync: ReturnType<typeof syncArgs>): string {
  let n = 2;
  const where = [(a: string) => `${a}.tenant_id = $1::uuid`];
  for (const [name, cond] of FILTERS) {
    if (f[name] === undefined) continue;
    const p = `$${++n}`;
    where.push((a) => cond(a, p));
  }
  if (sync.since !== undefined) {
    const since = `$${++n}`;
    where.push((a) => `${a}.updated_at >= ${since}::timestamptz`);
    if (sync.afterId !== undefined) {
      const after = `$${++n}`;
      where.push((a) => `(${a}.updated_at >= ${since}::timestamptz + interval '1 millisecond' OR ${a}.id > ${after}::uuid)`);
    }
  }
  const order = sync.byUpdated ? `${UPDATED_MS('ids')} ASC, ids.id ASC` : 'ids.scheduled_start ASC NULLS LAST, ids.created_at DESC';
  const w = (alias: string) => where.map((c) => c(alias)).join(' AND ');
  // job_counts keeps counts per status only: a sync (updated_since) counts the jobs themselves
  const byCounters = sync.since === undefined && FILTERS.every(([n]) => n === 'status' || f[n] === undefined);
  const count = byCounters ? `SELECT COALESCE(sum(c.n), 0) FROM job_counts c WHERE ${w('c')}` : `SELECT count(*) FROM jobs j WHERE ${w('j')}`;
  return `WITH ids AS (
       SELECT j.id, j.scheduled_start, j.created_at${sync.byUpdated ? ', j.updated_at' : ''} FROM jobs j
        WHERE ${w('j')}
        ORDER BY ${order.replace(/ids\./g, 'j.')}
        LIMIT ${PAGE_SIZE} OFFSET $2::int)
     SELECT json_build_object(
       'data', COALESCE((
         SELECT json_agg(json_build_object(
                  'id', j.id, 'title', j.title, 'status', j.status,
                  'scheduled_start', ${iso('j.scheduled_start')}, 'scheduled_end', ${iso('j.scheduled_end')},
                  'customer_id', j.customer_id, 'series_id', j.series_id, 'flat_price', j.flat_price,
                  'updated_at', ${iso('j.updated_at')},
                  'customer', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'display_name', c.display_name) END,
                  'assignments', COALESCE((SELECT json_agg(json_build_object('user_id', a.user_id) ORDER BY a.assigned_at, a.user_id)
                                             FROM job_assignments a WHERE a.tenant_id = $1::uuid AND a.job_id = j.id), '[]'::json)
                ) ORDER BY ${order})
           FROM ids
           JOIN jobs j ON j.tenant_id = $1::uuid AND j.id = ids.id
           LEFT JOIN customers c ON c.tenant_id = $1::uuid AND c.id = j.customer_id), '[]'::json),
       'count', (${count})::int,
       'page', $2::int / ${PAGE_SIZE} + 1,
       'limit', ${PAGE_SIZE})::text AS body`;
}

// jobs.get's statement, built once
const GET_JOB = `SELECT json_build_object(
       'id', j.id, 'tenant_id', j.tenant_id, 'customer_id', j.customer_id, 'series_id', j.series_id,
       'quote_id', j.quote_id, 'location_id', j.location_id, 'title', j.title, 'description', j.description,
       'flat_price', j.flat_price, 'status', j.status,
       'scheduled_start', ${iso('j.scheduled_start')}, 'scheduled_end', ${iso('j.scheduled_end')},
       'completed_at', ${iso('j.completed_at')}, 'created_by', j.created_by,
       'created_at', ${iso('j.created_at')}, 'updated_at', ${iso('j.updated_at')},
       'customer', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'display_name', c.display_name) END,
       'job_line_items', COALESCE((
          SELECT json_agg(json_build_object('id', li.id, 'catalog_item_id', li.catalog_item_id, 'description', li.description,
                                            'unit_price', li.unit_price, 'quantity', li.quantity,
                                            'total', round(li.unit_price * li.quantity, 2), 'sort_order', li.sort_order)
                          ORDER BY li.sort_order, li.id)
            FROM job_line_items li WHERE li.tenant_id = $1::uuid AND li.job_id = j.id), '[]'::json),
       'job_assignments', COALESCE((
          SELECT json_agg(json_build_object('user_id', a.user_id, 'assigned_by', a.assigned_by, 'assigned_at', ${iso('a.assigned_at')})
                          ORDER BY a.assigned_at, a.user_id)
            FROM job_assignments a WHERE a.tenant_id = $1::uuid AND a.job_id = j.id), '[]'::json),
       'job_media', COALESCE((
          SELECT json_agg(json_build_object('id', m.id, 'job_id', m.job_id, 'storage_path', m.storage_path, 'kind', m.kind,
                                            'filename', m.filename, 'size_bytes', m.size_bytes, 'caption', m.caption,
                                            'uploaded_by', m.uploaded_by, 'uploaded_at', ${iso('m.uploaded_at')})
                          ORDER BY m.uploaded_at DESC, m.id)
            FROM (SELECT m.id, m.job_id, m.storage_path, m.kind, m.filename, m.size_bytes, m.caption, m.uploaded_by, m.uploaded_at
                    FROM job_media m WHERE m.tenant_id = $1::uuid AND m.job_id = j.id
                   ORDER BY m.uploaded_at DESC, m.id LIMIT ${MEDIA_PREVIEWS}) m), '[]'::json)
     )::text AS body
       FROM jobs j
       LEFT JOIN customers c ON c.tenant_id = $1::uuid AND c.id = j.customer_id
      WHERE j.tenant_id = $1::uuid AND j.id = $2::uuid`;

/** One job with its line items, assignments, up to 50 media previews and its customer; null if none. */
export async function getJob(em: EntityManager, tenantId: string, id: string): Promise<RawJson | null> {
  const rows = await preparedQuery<{ body: string }>(em, 'jobs.get', GET_JOB, [tenantId, id]);
  return rows[0] ? new RawJson(rows[0].body) : null;
}
