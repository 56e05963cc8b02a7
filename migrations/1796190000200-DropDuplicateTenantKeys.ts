import { MigrationInterface, QueryRunner } from 'typeorm';

// Since TenantLeadingKeys made every tenant table's primary key (tenant_id, id), the older unique
// constraint uq_<table>_tenant_id on the same two columns (the target of the composite foreign keys
// that keep references inside one tenant) was a second, identical index: every insert maintained
// both, and every row was indexed twice. Here each such unique constraint goes; the foreign keys that
// used its index are made again, with the same name and definition, on the primary key (PostgreSQL
// picks the one unique index left on those columns). The references hold exactly as before.

/** Unique constraints whose columns are exactly their table's primary key's, with the foreign keys that use their index. */
const DUPLICATES = `
SELECT u.conrelid::regclass::text AS "table", u.conname AS "unique",
       coalesce(json_agg(json_build_object('table', f.conrelid::regclass::text, 'name', f.conname, 'def', pg_get_constraintdef(f.oid)) ORDER BY f.conname)
                FILTER (WHERE f.oid IS NOT NULL), '[]') AS fks
  FROM pg_constraint u
  JOIN pg_constraint p ON p.conrelid = u.conrelid AND p.contype = 'p' AND p.conkey = u.conkey
  LEFT JOIN pg_constraint f ON f.contype = 'f' AND f.conindid = u.conindid
 WHERE u.contype = 'u' AND u.connamespace = current_schema()::regnamespace
 GROUP BY u.conrelid, u.conname
 ORDER BY 1`;

/** The tables that had uq_<table>_tenant_id when this migration was written (for down). */
const UNIQUE_BEFORE = [
  'users',
  'customers',
  'api_keys',
  'contacts',
  'notes',
  'tags',
  'locations',
  'catalog_categories',
  'catalog_items',
  'jobs',
  'job_assignments',
  'job_line_items',
  'job_media',
  'oauth_refresh_tokens',
  'plans',
  'tax_rates',
  'invoices',
  'quotes',
  'job_series',
  'job_series_assignments',
  'job_series_line_items',
  'settings_sessions',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
];

type Duplicate = { table: string; unique: string; fks: { table: string; name: string; def: string }[] };

export class DropDuplicateTenantKeys1796190000200 implements MigrationInterface {
  name = 'DropDuplicateTenantKeys1796190000200';

  public async up(q: QueryRunner): Promise<void> {
    const duplicates: Duplicate[] = await q.query(DUPLICATES);
    for (const d of duplicates) {
      for (const fk of d.fks) await q.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`);
      await q.query(`ALTER TABLE ${d.table} DROP CONSTRAINT "${d.unique}"`);
      for (const fk of d.fks) await q.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" ${fk.def}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    // the unique constraints again (the foreign keys stay on the primary keys: the same references)
    for (const t of UNIQUE_BEFORE) await q.query(`ALTER TABLE "${t}" ADD CONSTRAINT "uq_${t}_tenant_id" UNIQUE (tenant_id, id)`);
  }
}
