import { DataSource, MigrationInterface } from 'typeorm';
import { CITUS_MIGRATION_SETTING, citusEnabled, distributeTables } from './distribute';

// Several server processes may start at once on one database: the first runs the migrations
// under a session advisory lock, the others wait for it and then find nothing to do.
const MIGRATION_LOCK = 72_001;

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (await citusEnabled(runner)) for (const m of ds.migrations) onCitus(m);
    const done = await ds.runMigrations({ transaction: 'each' });
    // on Citus, every table the migrations made and Citus does not hold yet is distributed on
    // tenant_id or made a reference table (src/database/distribute.ts); on plain PostgreSQL a no-op
    await distributeTables(runner);
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

const WRAPPED = Symbol('citus');
/** Each migration, on Citus, starts with CITUS_MIGRATION_SETTING in its own transaction. */
function onCitus(m: MigrationInterface & { [WRAPPED]?: true }) {
  if (m[WRAPPED]) return;
  const up = m.up.bind(m);
  m.up = async (q) => {
    await q.query(CITUS_MIGRATION_SETTING);
    return up(q);
  };
  m[WRAPPED] = true;
}
