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

  // ChildRowsFollowTheirParent: a second key to tenants locked the tenant's one row once per child
  // row written (every line item and assignee of every concurrent jobs.create), and added nothing
  it('a child row reaches its tenant through its parent: a table whose (tenant_id, parent) key cascades has no key of its own to tenants, and deleting a tenant still removes every row', async () => {
    const doubled: { child: string }[] = await ds.query(`
      SELECT DISTINCT c.conrelid::regclass::text AS child
        FROM pg_constraint c JOIN pg_constraint p ON p.conrelid = c.conrelid AND p.contype = 'f' AND p.confdeltype = 'c' AND p.confrelid <> 'tenants'::regclass
       WHERE c.contype = 'f' AND c.confrelid = 'tenants'::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = p.conrelid AND a.attnum = ANY (p.conkey) AND NOT a.attnotnull)
       ORDER BY 1`);
    expect(doubled).toEqual([]);
    // a tenant with a job, its line item and assignee: a line cannot name another tenant than its
    // job's, and deleting the tenant removes all of it (through the job's cascade)
    const one = async (sql: string, params: unknown[]) => ((await ds.query(sql, params)) as { id: string }[])[0]?.id;
    const t = await one(`INSERT INTO tenants (name) VALUES ('Cascade') RETURNING id`, []);
    const other = await one(`INSERT INTO tenants (name) VALUES ('Other') RETURNING id`, []);
    const u = await one(`INSERT INTO users (tenant_id, email) VALUES ($1, 'cascade@example.com') RETURNING id`, [t]);
    const j = await one(`INSERT INTO jobs (tenant_id, title) VALUES ($1, 'J') RETURNING id`, [t]);
    const line = `INSERT INTO job_line_items (tenant_id, job_id, description, unit_price, quantity, sort_order) VALUES ($1, $2, 'L', 1, 1, 0)`;
    await ds.query(line, [t, j]);
    await expect(ds.query(line, [other, j])).rejects.toThrow(/fk_job_line_items_job/);
    await ds.query(`INSERT INTO job_assignments (tenant_id, job_id, user_id) VALUES ($1, $2, $3)`, [t, j, u]);
    const rows = async () =>
      (
        (await ds.query(
          `SELECT (SELECT count(*) FROM job_line_items WHERE tenant_id = $1)::int AS lines, (SELECT count(*) FROM job_assignments WHERE tenant_id = $1)::int AS assignees`,
          [t],
        )) as object[]
      )[0];
    expect(await rows()).toEqual({ lines: 1, assignees: 1 });
    await ds.query(`DELETE FROM tenants WHERE id = ANY ($1::uuid[])`, [[t, other]]);
    expect(await rows()).toEqual({ lines: 0, assignees: 0 });
  });
});
