import { QueryRunner } from 'typeorm';

// Scale-out on Citus (issue 20). One rule for every table, so an entity added later (a new folder and
// its migration) is distributed with no code of its own:
//   - a table with a tenant_id column is distributed on tenant_id, co-located with every other one
//     (a tenant's rows of all tables live on one node, so a tool call's statements, joins, foreign
//     keys and transaction stay on that node);
//   - a table without one (tenants, OAuth clients and signing keys) becomes a reference table, copied
//     to every node, so distributed tables keep their foreign keys to it and joins with it stay local;
//   - COORDINATOR_ONLY tables (TypeORM's `migrations`, the rate-limit and sign-in-failure counters)
//     stay plain tables on the coordinator.
// On plain PostgreSQL (no citus extension) nothing happens. DATABASE_DISTRIBUTED=citus asks for the
// extension (created if missing; it must be in shared_preload_libraries).

// Tables that stay plain PostgreSQL tables on the coordinator: TypeORM's bookkeeping, and the two
// tenant-less counters written on every sync or failed sign-in (a reference table would make each
// write a two-phase commit on every node; no worker needs them).
export const COORDINATOR_ONLY = ['migrations', 'rate_limit_counters', 'oauth_sign_in_failures'];

export interface Distribution {
  distributed: string[];
  reference: string[];
}

/**
 * Run at the start of each migration's transaction on Citus: a new table's foreign keys to reference
 * and distributed tables are then made as on a plain table (Citus would otherwise turn it into a
 * "Citus local" table for its key to `tenants` and refuse its key to a distributed one); the
 * distribution step after the migrations distributes it and makes those keys again.
 */
export const CITUS_MIGRATION_SETTING = 'SET LOCAL citus.enable_local_reference_table_foreign_keys = off';

const shardCount = () => Number(process.env.CITUS_SHARD_COUNT) || 32;

export async function citusEnabled(q: QueryRunner): Promise<boolean> {
  if (process.env.DATABASE_DISTRIBUTED === 'citus') {
    await q.query('CREATE EXTENSION IF NOT EXISTS citus');
    return true;
  }
  const rows = await q.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  return rows.length > 0;
}

/** Distributes (or makes reference) every public table Citus does not hold yet; returns what it did. */
export async function distributeTables(q: QueryRunner): Promise<Distribution> {
  const done: Distribution = { distributed: [], reference: [] };
  if (!(await citusEnabled(q))) return done;
  const tables: { name: string; tenant: boolean }[] = await q.query(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant
       FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> ALL($1)
        AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid AND (p.partmethod = 'h' OR (p.partmethod = 'n' AND p.repmodel = 't')))
      ORDER BY c.relname`,
    [COORDINATOR_ONLY],
  );
  if (!tables.length) return done;
  // Citus refuses a foreign key between a table it holds and one it does not yet (and would turn the
  // tables referring to a new reference table into "Citus local" tables): the foreign keys of the
  // tables about to move are dropped, every table is moved, then each key is made again as it was.
  const names = tables.map((t) => t.name);
  const fks: { child: string; name: string; def: string }[] = await q.query(
    `SELECT conrelid::regclass::text AS child, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
        AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))`,
    [names],
  );
  await q.startTransaction();
  try {
    // one transaction (all or nothing); Citus then wants the shard work done over one connection per node
    await q.query(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    for (const fk of fks) await q.query(`ALTER TABLE "${fk.child}" DROP CONSTRAINT "${fk.name}"`);
    // the job_counts triggers on jobs run on the shards: Citus asks for this to propagate them
    await q.query(`SET LOCAL citus.enable_unsafe_triggers = on`);
    // reference tables first, so the distributed ones can point to them
    for (const t of tables.filter((x) => !x.tenant)) {
      await q.query(`SELECT create_reference_table($1)`, [t.name]);
      done.reference.push(t.name);
    }
    for (const t of tables.filter((x) => x.tenant)) {
      const [anchor] = await q.query(`SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition WHERE partmethod = 'h' ORDER BY colocationid, logicalrelid LIMIT 1`);
      if (anchor) await q.query(`SELECT create_distributed_table($1, 'tenant_id', colocate_with => $2)`, [t.name, anchor.name]);
      // the first table sets the shard count of the group (Citus' citus.shard_count, 32, unless CITUS_SHARD_COUNT)
      else await q.query(`SELECT create_distributed_table($1, 'tenant_id', colocate_with => 'none', shard_count => $2)`, [t.name, shardCount()]);
      done.distributed.push(t.name);
    }
    for (const fk of fks) await q.query(`ALTER TABLE "${fk.child}" ADD CONSTRAINT "${fk.name}" ${fk.def}`);
    await q.commitTransaction();
  } catch (err) {
    await q.rollbackTransaction();
    throw err;
  }
  return done;
}
