import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrate';

// Global tables, owned by no tenant: the OAuth issuer's clients (one MCP app serves users of many
// tenants and registers before any of them signs in) and its signing keys.
const GLOBAL_TABLES = ['tenants', 'oauth_clients', 'oauth_signing_keys'];

describe('database schema', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    await runMigrations(ds);
  });
  afterAll(() => ds.destroy());

  it('the migrations build exactly the schema the entities describe (no drift)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  // rate_limit_counters and oauth_sign_in_failures hold no tenant data: they are keyed by a token
  // hash, a client address or an email
  it('every table but tenants carries tenant_id, and every foreign key to a tenant-owned table leads with it', async () => {
    const tables: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'tenants', 'rate_limit_counters', 'oauth_sign_in_failures')`,
    );
    tables.splice(0, tables.length, ...tables.filter((t) => !GLOBAL_TABLES.includes(t.table_name)));
    expect(tables.length).toBeGreaterThan(0);
    for (const { table_name } of tables) {
      const cols = await ds.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'tenant_id'`, [table_name]);
      expect([table_name, cols.length]).toEqual([table_name, 1]);
    }
    const fks: { name: string; cols: string[]; ref: string }[] = await ds.query(`
      SELECT c.conname AS name, c.confrelid::regclass::text AS ref,
             array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols
        FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
    for (const fk of fks) {
      if (fk.ref === 'tenants') expect(fk.cols).toEqual(['tenant_id']);
      else if (GLOBAL_TABLES.includes(fk.ref)) continue;
      else expect([fk.name, fk.cols[0]]).toEqual([fk.name, 'tenant_id']);
    }
  });
});
