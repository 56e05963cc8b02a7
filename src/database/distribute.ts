import { QueryRunner } from 'typeorm';

// Scale-out on Citus (issue 20). One rule for every table, so an entity added later (a new folder and
// its migration) is distributed with no code of its own:
//   - a table with a tenant_id column is distributed on tenant_id, co-located with every other one
//     (a tenant's rows of all tables live on one node, so a tool call's statements, joins, foreign
//     keys and transaction stay on that node);
//   - a table without one (tenants, OAuth clients and signing keys, rate-limit counters, sign-in
//     failures) becomes a reference table, copied to every node, so distributed tables can keep
//     their foreign keys to it and joins with it stay local;
//   - TypeORM's `migrations` bookkeeping stays a plain table on the coordinator.
// On plain PostgreSQL (no citus extension) nothing happens. DATABASE_DISTRIBUTED=citus asks for the
// extension (created if missing; it must be in shared_preload_libraries).

export const COORDINATOR_ONLY = ['migrations'];

export interface Distribution {
  distributed: string[];
  reference: string[];
}

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
  // a table is distributed after every table its foreign keys point to
  const fks: { child: string; parent: string }[] = await q.query(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid`,
  );
  const ordered: typeof tables = [];
  const pending = new Map(tables.map((t) => [t.name, t]));
  while (pending.size) {
    const ready = [...pending.values()].filter((t) => !fks.some((f) => f.child === t.name && pending.has(f.parent)));
    if (!ready.length) throw new Error(`foreign key cycle among ${[...pending.keys()].join(', ')}`);
    // reference tables first: distributed tables refer to them, never the other way round
    ready.sort((a, b) => Number(a.tenant) - Number(b.tenant) || a.name.localeCompare(b.name));
    const next = ready[0];
    ordered.push(next);
    pending.delete(next.name);
  }
  // the job_counts triggers on jobs run on the shards: Citus asks for this to propagate them
  await q.query(`SET citus.enable_unsafe_triggers = on`);
  for (const t of ordered) {
    if (t.tenant) {
      const [anchor] = await q.query(
        `SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition WHERE partmethod = 'h' ORDER BY colocationid, logicalrelid LIMIT 1`,
      );
      await q.query(`SELECT create_distributed_table($1, 'tenant_id', colocate_with => $2)`, [t.name, anchor?.name ?? 'none']);
      done.distributed.push(t.name);
    } else {
      await q.query(`SELECT create_reference_table($1)`, [t.name]);
      done.reference.push(t.name);
    }
  }
  return done;
}
