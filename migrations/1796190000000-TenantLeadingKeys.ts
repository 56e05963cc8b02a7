import { DefaultNamingStrategy, MigrationInterface, QueryRunner } from 'typeorm';

// Scale-out on Citus (issue 20): a distributed table's primary and unique keys must contain its
// distribution column, tenant_id. Every tenant-owned table's primary key becomes (tenant_id, id)
// (ids stay uuids unique on their own; the key now also says whose row it is), on plain PostgreSQL
// as on Citus: one schema for both.
//
// The credential hashes looked up before the tenant is known (API keys, OAuth codes and refresh
// tokens, settings sessions) keep a plain index on the hash: one random 256-bit value cannot repeat,
// so the database-wide uniqueness the old unique index stated was never doing work, and a unique
// index without tenant_id cannot exist on a distributed table. On Citus such a lookup asks every
// shard (see README "Scale-out on Citus"); it happens once per token per cache period or grant.
const TABLES = [
  'users', 'customers', 'api_keys', 'contacts', 'notes', 'tags', 'locations', 'audit_events',
  'catalog_categories', 'catalog_items', 'document_counters', 'jobs', 'job_assignments', 'job_line_items',
  'job_media', 'oauth_authorization_codes', 'oauth_refresh_tokens', 'user_passwords', 'plans', 'tax_rates',
  'invoices', 'invoice_line_items', 'quotes', 'quote_line_items', 'job_series', 'job_series_assignments',
  'job_series_line_items', 'settings_sessions',
];
// created by raw SQL with their own key names (no TypeORM entity)
const WEBHOOK_TABLES = ['webhook_endpoints', 'webhook_secrets', 'webhook_events', 'webhook_deliveries', 'webhook_attempts'];
const HASH_INDEXES: [table: string, index: string, column: string][] = [
  ['api_keys', 'idx_api_keys_token_hash', 'token_hash'],
  ['oauth_authorization_codes', 'idx_oauth_codes_hash', 'code_hash'],
  ['oauth_refresh_tokens', 'idx_oauth_refresh_tokens_hash', 'token_hash'],
  ['settings_sessions', 'idx_settings_sessions_token_hash', 'token_hash'],
];

// the names TypeORM gives these keys, so the entities (tenantId a primary column) match without drift
const naming = new DefaultNamingStrategy();
const pkName = (table: string, cols: string[]) => (WEBHOOK_TABLES.includes(table) ? `pk_${table}` : naming.primaryKeyName(table, cols));

export class TenantLeadingKeys1796190000000 implements MigrationInterface {
  name = 'TenantLeadingKeys1796190000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const t of [...TABLES, ...WEBHOOK_TABLES]) {
      await q.query(`ALTER TABLE "${t}" DROP CONSTRAINT "${pkName(t, ['id'])}"`);
      await q.query(`ALTER TABLE "${t}" ADD CONSTRAINT "${pkName(t, ['tenant_id', 'id'])}" PRIMARY KEY ("tenant_id", "id")`);
    }
    for (const [t, index, col] of HASH_INDEXES) {
      await q.query(`DROP INDEX "${index}"`);
      await q.query(`CREATE INDEX "${index}" ON "${t}" ("${col}")`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [t, index, col] of HASH_INDEXES) {
      await q.query(`DROP INDEX "${index}"`);
      await q.query(`CREATE UNIQUE INDEX "${index}" ON "${t}" ("${col}")`);
    }
    for (const t of [...TABLES, ...WEBHOOK_TABLES]) {
      await q.query(`ALTER TABLE "${t}" DROP CONSTRAINT "${pkName(t, ['tenant_id', 'id'])}"`);
      await q.query(`ALTER TABLE "${t}" ADD CONSTRAINT "${pkName(t, ['id'])}" PRIMARY KEY ("id")`);
    }
  }
}
