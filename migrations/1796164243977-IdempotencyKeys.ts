import { MigrationInterface, QueryRunner } from "typeorm";

export class IdempotencyKeys1796164243977 implements MigrationInterface {
    name = 'IdempotencyKeys1796164243977'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("tenant_id" uuid NOT NULL, "credential_id" text NOT NULL, "key" text NOT NULL, "tool" text NOT NULL, "request_hash" text NOT NULL, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6ecc2e2a97ebafd40dcb3161d78" PRIMARY KEY ("tenant_id", "credential_id", "key"))`);
        await queryRunner.query(`CREATE INDEX "idx_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "fk_idempotency_keys_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "fk_idempotency_keys_tenant"`);
        await queryRunner.query(`DROP INDEX "public"."idx_idempotency_keys_created"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
