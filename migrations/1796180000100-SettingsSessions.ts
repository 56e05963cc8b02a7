import { MigrationInterface, QueryRunner } from 'typeorm';

// Settings → API & MCP: browser sessions of owners (server-side, so sign-out and expiry take effect
// at once on every instance), the last 4 characters of new API keys (shown in the key list), and
// audit rows written by the admin CLI (actor_kind 'operator', no actor id).
export class SettingsSessions1796180000100 implements MigrationInterface {
  name = 'SettingsSessions1796180000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "settings_sessions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "user_id" uuid NOT NULL,
      "token_hash" bytea NOT NULL,
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "uq_settings_sessions_tenant_id" UNIQUE ("tenant_id", "id"),
      CONSTRAINT "PK_8656eb4552436966301c127e2f3" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "idx_settings_sessions_token_hash" ON "settings_sessions" ("token_hash")`);
    await q.query(`CREATE INDEX "idx_settings_sessions_expires_at" ON "settings_sessions" ("expires_at")`);
    await q.query(`ALTER TABLE "settings_sessions" ADD CONSTRAINT "fk_settings_sessions_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_keys" ADD "last4" text`);
    await q.query(`ALTER TABLE "audit_events" ALTER COLUMN "actor_id" DROP NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "audit_events" WHERE "actor_id" IS NULL`);
    await q.query(`ALTER TABLE "audit_events" ALTER COLUMN "actor_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "api_keys" DROP COLUMN "last4"`);
    await q.query(`DROP TABLE "settings_sessions"`);
  }
}
