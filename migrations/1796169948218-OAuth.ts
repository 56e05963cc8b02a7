import { MigrationInterface, QueryRunner } from "typeorm";

export class OAuth1796169948218 implements MigrationInterface {
    name = 'OAuth1796169948218'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "oauth_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "redirect_uris" text array NOT NULL, "secret_hash" bytea, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c4759172d3431bae6f04e678e0d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_oauth_clients_source" ON "oauth_clients"  ("source") `);
        await queryRunner.query(`CREATE TABLE "oauth_authorization_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "client_id" uuid NOT NULL, "code_hash" bytea NOT NULL, "redirect_uri" text NOT NULL, "scopes" text array NOT NULL, "code_challenge" text NOT NULL, "resource" text NOT NULL, "family_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_441350d3fce3606534fbb2c1197" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_oauth_codes_hash" ON "oauth_authorization_codes"  ("code_hash") `);
        await queryRunner.query(`CREATE TABLE "oauth_refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "client_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "scopes" text array NOT NULL, "resource" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_oauth_refresh_tokens_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_6051e97f5024636e53749cfdc80" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_oauth_refresh_tokens_family" ON "oauth_refresh_tokens"  ("tenant_id", "family_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_oauth_refresh_tokens_hash" ON "oauth_refresh_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "oauth_signing_keys" ("kid" text NOT NULL, "alg" text NOT NULL, "public_jwk" jsonb NOT NULL, "private_jwk" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c8e0e251f213a0f7b7bd2563201" PRIMARY KEY ("kid"))`);
        await queryRunner.query(`CREATE INDEX "idx_oauth_signing_keys_created" ON "oauth_signing_keys"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "user_passwords" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "hash" text NOT NULL, CONSTRAINT "uq_user_passwords_tenant_user" UNIQUE ("tenant_id", "user_id"), CONSTRAINT "PK_4244bafe3ae2988e7bb7af61268" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "fk_oauth_codes_client" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "fk_oauth_codes_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "oauth_refresh_tokens" ADD CONSTRAINT "fk_oauth_refresh_tokens_client" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "oauth_refresh_tokens" ADD CONSTRAINT "fk_oauth_refresh_tokens_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_passwords" ADD CONSTRAINT "fk_user_passwords_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "user_passwords" DROP CONSTRAINT "fk_user_passwords_user"`);
        await queryRunner.query(`ALTER TABLE "oauth_refresh_tokens" DROP CONSTRAINT "fk_oauth_refresh_tokens_user"`);
        await queryRunner.query(`ALTER TABLE "oauth_refresh_tokens" DROP CONSTRAINT "fk_oauth_refresh_tokens_client"`);
        await queryRunner.query(`ALTER TABLE "oauth_authorization_codes" DROP CONSTRAINT "fk_oauth_codes_user"`);
        await queryRunner.query(`ALTER TABLE "oauth_authorization_codes" DROP CONSTRAINT "fk_oauth_codes_client"`);
        await queryRunner.query(`DROP TABLE "user_passwords"`);
        await queryRunner.query(`DROP INDEX "public"."idx_oauth_signing_keys_created"`);
        await queryRunner.query(`DROP TABLE "oauth_signing_keys"`);
        await queryRunner.query(`DROP INDEX "public"."idx_oauth_refresh_tokens_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_oauth_refresh_tokens_family"`);
        await queryRunner.query(`DROP TABLE "oauth_refresh_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."idx_oauth_codes_hash"`);
        await queryRunner.query(`DROP TABLE "oauth_authorization_codes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_oauth_clients_source"`);
        await queryRunner.query(`DROP TABLE "oauth_clients"`);
    }

}
