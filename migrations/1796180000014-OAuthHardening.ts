import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 14 (D): unused dynamic clients expire (last_used_at), grants get an absolute lifetime
// (family_started_at), grants can be revoked per user and per client (indexes), private signing
// keys are stored encrypted (private_key_enc; the clear private_jwk is emptied at the next start),
// and failed sign-ins are counted in the database so throttles hold across instances.
export class OAuthHardening1796180000014 implements MigrationInterface {
  name = 'OAuthHardening1796180000014';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "oauth_clients" ADD "last_used_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "oauth_refresh_tokens" ADD "family_started_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "oauth_refresh_tokens" r SET "family_started_at" = f.started
                     FROM (SELECT tenant_id, family_id, min(created_at) AS started FROM "oauth_refresh_tokens" GROUP BY 1, 2) f
                    WHERE r.tenant_id = f.tenant_id AND r.family_id = f.family_id`);
    await q.query(`ALTER TABLE "oauth_refresh_tokens" ALTER COLUMN "family_started_at" SET NOT NULL`);
    await q.query(`CREATE INDEX "idx_oauth_refresh_tokens_user" ON "oauth_refresh_tokens" ("tenant_id", "user_id")`);
    await q.query(`CREATE INDEX "idx_oauth_refresh_tokens_client" ON "oauth_refresh_tokens" ("client_id")`);
    await q.query(`CREATE INDEX "idx_oauth_codes_user" ON "oauth_authorization_codes" ("tenant_id", "user_id")`);
    await q.query(`CREATE INDEX "idx_oauth_codes_client" ON "oauth_authorization_codes" ("client_id")`);
    await q.query(`ALTER TABLE "oauth_signing_keys" ALTER COLUMN "private_jwk" DROP NOT NULL`);
    await q.query(`ALTER TABLE "oauth_signing_keys" ADD "private_key_enc" text`);
    // no tenant data: keyed by client address and email; UNLOGGED like rate_limit_counters
    await q.query(`CREATE UNLOGGED TABLE "oauth_sign_in_failures" (
      "key" text PRIMARY KEY, "failures" integer NOT NULL, "strikes" integer NOT NULL DEFAULT 0,
      "max_failures" integer NOT NULL, "window_secs" integer NOT NULL, "window_ends" TIMESTAMP WITH TIME ZONE NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "oauth_sign_in_failures"`);
    await q.query(`ALTER TABLE "oauth_signing_keys" DROP COLUMN "private_key_enc"`);
    await q.query(`DROP INDEX "public"."idx_oauth_codes_client"`);
    await q.query(`DROP INDEX "public"."idx_oauth_codes_user"`);
    await q.query(`DROP INDEX "public"."idx_oauth_refresh_tokens_client"`);
    await q.query(`DROP INDEX "public"."idx_oauth_refresh_tokens_user"`);
    await q.query(`ALTER TABLE "oauth_refresh_tokens" DROP COLUMN "family_started_at"`);
    await q.query(`ALTER TABLE "oauth_clients" DROP COLUMN "last_used_at"`);
  }
}
