import { MigrationInterface, QueryRunner } from "typeorm";

export class Operations1796169272094 implements MigrationInterface {
    name = 'Operations1796169272094'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" text NOT NULL, "actor_id" uuid NOT NULL, "tool" text NOT NULL, "target_id" uuid, "changes" jsonb NOT NULL, "request_id" text NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_audit_events_tenant_at" ON "audit_events"  ("tenant_id", "at") `);
        await queryRunner.query(`ALTER TABLE "audit_events" ADD CONSTRAINT "fk_audit_events_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Rate-limit counters shared by every server process (src/ops/rate-limit/pg-throttler.storage.ts).
        // Not an entity and not tenant data (keyed by token hash or client address): UNLOGGED, no WAL.
        await queryRunner.query(`CREATE UNLOGGED TABLE "rate_limit_counters" ("key" text NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_rate_limit_counters" PRIMARY KEY ("key"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
        await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "fk_audit_events_tenant"`);
        await queryRunner.query(`DROP INDEX "public"."idx_audit_events_tenant_at"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
