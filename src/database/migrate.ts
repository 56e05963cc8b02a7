import { DataSource } from 'typeorm';
import { distributeTables } from './distribute';

// Several server processes may start at once on one database: the first runs the migrations
// under a session advisory lock, the others wait for it and then find nothing to do.
const MIGRATION_LOCK = 72_001;

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
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
