import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from './prepared';

// How a write that spans several tables reaches the database (issue 20; README "Scale-out on Citus").
// The one switch, decided once per DataSource at start-up (DatabaseModule) from the citus extension:
//   - plain PostgreSQL (the embedded default): one statement of data-modifying CTEs, e.g. a job with
//     its line items, assignments, audit row and webhook outbox in one round trip (issue 17: per-call cost);
//   - Citus ("routed writes"): Citus router-plans only SELECT, UPDATE and DELETE CTEs
//     (multi_router_planner.c), and pulls an INSERT … SELECT whose SELECT reads no distributed table
//     (FROM unnest(…), or no FROM) through the coordinator. So each table's rows are one
//     INSERT … VALUES of their own (insertValues), in the call's transaction: every statement is a
//     single-task router plan to the tenant's shard (test/distribution.e2e-spec.ts).
// The SQL helpers that hold a CTE write (jobs.create, series instances, job children, the audit row
// with its outbox), the background jobs' writes (job_counts fold, webhook attempt record) and the
// purges (deleteEachTenant) ask routedWrites(em) for their form; the gateway runs a `oneStatement`
// tool in a transaction when it is true. Nothing else looks at the database's kind. The routed forms
// of a write are several statements: they run in the caller's transaction (a purge's deletes need none).

const ROUTED = new WeakSet<DataSource>();

/** Called once the migrations (and the distribution step) have run. */
export async function detectWriteMode(ds: DataSource): Promise<'cte' | 'routed'> {
  const citus = (await ds.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`)).length > 0;
  if (citus) ROUTED.add(ds);
  else ROUTED.delete(ds);
  return citus ? 'routed' : 'cte';
}

/** True on Citus: write each table's rows with their own INSERT … VALUES (see above). */
export const routedWrites = (em: EntityManager): boolean => ROUTED.has(em.dataSource);

// PostgreSQL takes at most 65,535 parameters per statement; rows beyond go in further statements.
const MAX_PARAMS = 65_535;
// a statement per row count up to this many rows is prepared (named); longer ones are sent unnamed
const PREPARED_ROWS = 16;

/**
 * INSERT INTO table (columns) VALUES (…), (…) with one parameter per cell (PostgreSQL types each by
 * its column): rows of one tenant make a single-task router plan on Citus. Returns the `returning`
 * columns of every row, in the order of `rows`. `conflict` is appended (e.g. ON CONFLICT DO NOTHING).
 */
export async function insertValues<T = Record<string, unknown>>(
  em: EntityManager,
  name: string,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  opts: { returning?: string; conflict?: string } = {},
): Promise<T[]> {
  const out: T[] = [];
  const per = Math.floor(MAX_PARAMS / columns.length);
  for (let from = 0; from < rows.length; from += per) {
    const chunk = rows.slice(from, from + per);
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${opts.conflict ? ` ${opts.conflict}` : ''}${opts.returning ? ` RETURNING ${opts.returning}` : ''}`;
    const values = chunk.flat();
    const result = chunk.length <= PREPARED_ROWS ? await preparedQuery<T>(em, `${name}/${chunk.length}`, text, values) : await em.query(text, values);
    if (opts.returning) out.push(...(result as T[]));
  }
  return out;
}

/**
 * A purge over all tenants: DELETE FROM `table` `alias` WHERE `condition` (parameters $1…). On plain
 * PostgreSQL one statement, as before. On Citus a multi-shard DELETE commits on every worker with a
 * two-phase commit, so a background job would be a transaction across shards: there the tenants that
 * have such rows are read first (a read of every shard), then each tenant's rows go in a routed DELETE
 * of their own. Returns the number of rows deleted.
 */
export async function deleteEachTenant(em: EntityManager, table: string, alias: string, condition: string, params: unknown[] = []): Promise<number> {
  if (!routedWrites(em)) {
    const [, deleted] = await em.query(`DELETE FROM ${table} ${alias} WHERE ${condition}`, params);
    return deleted ?? 0;
  }
  const tenants: { tenant_id: string }[] = await em.query(`SELECT DISTINCT ${alias}.tenant_id FROM ${table} ${alias} WHERE ${condition}`, params);
  let deleted = 0;
  const p = params.length + 1;
  for (const { tenant_id } of tenants)
    deleted += (await em.query(`DELETE FROM ${table} ${alias} WHERE ${alias}.tenant_id = $${p} AND (${condition})`, [...params, tenant_id]))[1] ?? 0;
  return deleted;
}
