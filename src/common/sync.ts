import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageInput } from './validation';

// Incremental sync for every list/search tool (issue 18): `updated_since` keeps the rows changed at or
// after a time, `sort: "updated_at"` orders them oldest change first (ties by id), and `after`
// continues after the last row seen, so a script pages with (updated_at, id) as a cursor and misses
// no row that changes while it pages (a changed row moves behind the cursor, where the script gets
// to it). Times compare at millisecond precision, as results print them.

/** The time of a change as results print it (milliseconds; PostgreSQL keeps microseconds). */
export const UPDATED_MS = (alias: string) => `date_trunc('milliseconds', ${alias}.updated_at)`;

export interface SyncArgs {
  /** updated_since, truncated to milliseconds (ISO) */
  since?: string;
  afterId?: string;
  byUpdated: boolean;
}

/**
 * The sync arguments. `after` keeps the rows after (updated_since, after) in the sync order; it is
 * meant for sort "updated_at", and without updated_since it counts from the beginning of time (so
 * every argument set the inputSchema allows has a meaning).
 */
export function syncArgs(input: PageInput): SyncArgs {
  const byUpdated = input.sort === 'updated_at';
  // truncated to whole milliseconds, so `updated_at >= since` matches what results print (and can use an index)
  const from = input.updated_since ?? (input.after !== undefined ? '1900-01-01T00:00:00Z' : undefined);
  const since = from === undefined ? undefined : new Date(from).toISOString();
  return { since, afterId: input.after, byUpdated };
}

/** Whether archived (cancelled, voided, ended) rows are listed: as asked, else yes for a sync (updated_since). */
export const withArchived = (input: PageInput & { includeArchived?: boolean }) => input.includeArchived ?? input.updated_since !== undefined;

/** Adds the sync conditions to a list query on `alias`; returns the sync arguments for syncOrder. */
export function whereSync<T extends object>(qb: SelectQueryBuilder<T>, alias: string, input: PageInput): SyncArgs {
  const s = syncArgs(input);
  if (s.since !== undefined) qb.andWhere(`${alias}.updated_at >= :syncSince`, { syncSince: s.since });
  if (s.afterId !== undefined) qb.andWhere(`(${alias}.updated_at >= (:syncSince)::timestamptz + interval '1 millisecond' OR ${alias}.id > :syncAfter)`, { syncAfter: s.afterId });
  return s;
}

/** The page query in sync order when asked (`sort: "updated_at"`), else in the list's own order. */
export function syncOrder<T extends object>(qb: SelectQueryBuilder<T>, alias: string, s: SyncArgs, listOrder: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>) {
  return s.byUpdated ? qb.orderBy(UPDATED_MS(alias), 'ASC').addOrderBy(`${alias}.id`, 'ASC') : listOrder(qb);
}

/**
 * Marks a record changed (updated_at = now()) when only what it holds changed (its tags, lines,
 * assignees): save() writes nothing when no column of the row itself differs. Returns the new time.
 */
export async function touch(em: EntityManager, entity: EntityTarget<ObjectLiteral>, tenantId: string, id: string): Promise<Date> {
  const table = em.getRepository(entity).metadata.tableName;
  const [rows] = await em.query(`UPDATE "${table}" SET updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING updated_at`, [tenantId, id]);
  return rows[0].updated_at;
}
