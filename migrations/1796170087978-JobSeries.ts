import { MigrationInterface, QueryRunner } from "typeorm";

export class JobSeries1796170087978 implements MigrationInterface {
    name = 'JobSeries1796170087978'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "description" text, "rrule" text NOT NULL, "timezone" text NOT NULL, "dtstart" date NOT NULL, "ends_on" date, "max_occurrences" integer, "flat_price" numeric(12,2), "customer_id" uuid, "created_by" uuid NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_job_series_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_job_series_max_occurrences" CHECK ("max_occurrences" IS NULL OR "max_occurrences" BETWEEN 1 AND 366), CONSTRAINT "chk_job_series_flat_price" CHECK ("flat_price" IS NULL OR "flat_price" >= 0), CONSTRAINT "PK_8d7322b7912b5beeb0f6746ca56" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_series_tenant_customer" ON "job_series"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE INDEX "idx_job_series_tenant_created" ON "job_series"  ("tenant_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "job_series_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "series_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "uq_job_series_assignments_series_user" UNIQUE ("tenant_id", "series_id", "user_id"), CONSTRAINT "uq_job_series_assignments_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_1b0a99277b8a0c360fe1ee692e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_series_assignments_tenant_user" ON "job_series_assignments"  ("tenant_id", "user_id") `);
        await queryRunner.query(`CREATE TABLE "job_series_line_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "series_id" uuid NOT NULL, "description" text NOT NULL, "unit_price" numeric(12,2) NOT NULL, "quantity" numeric(12,3) NOT NULL, "sort_order" integer NOT NULL, CONSTRAINT "uq_job_series_line_items_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_job_series_line_items_amounts" CHECK ("unit_price" >= 0 AND "quantity" > 0), CONSTRAINT "PK_c0acb24c33853ec37f68e731ec7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_series_line_items_tenant_series" ON "job_series_line_items"  ("tenant_id", "series_id", "sort_order") `);
        await queryRunner.query(`ALTER TABLE "jobs" ADD "series_id" uuid`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD "occurrence_date" date`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "chk_jobs_series_occurrence" CHECK (("series_id" IS NULL) = ("occurrence_date" IS NULL))`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "uq_jobs_series_occurrence" UNIQUE ("tenant_id", "series_id", "occurrence_date")`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD CONSTRAINT "fk_job_series_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD CONSTRAINT "fk_job_series_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series" ADD CONSTRAINT "fk_job_series_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" ADD CONSTRAINT "fk_job_series_assignments_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" ADD CONSTRAINT "fk_job_series_assignments_series" FOREIGN KEY ("tenant_id", "series_id") REFERENCES "job_series"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" ADD CONSTRAINT "fk_job_series_assignments_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" ADD CONSTRAINT "fk_job_series_line_items_series" FOREIGN KEY ("tenant_id", "series_id") REFERENCES "job_series"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" ADD CONSTRAINT "fk_job_series_line_items_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_series" FOREIGN KEY ("tenant_id", "series_id") REFERENCES "job_series"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_series"`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" DROP CONSTRAINT "fk_job_series_line_items_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_series_line_items" DROP CONSTRAINT "fk_job_series_line_items_series"`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" DROP CONSTRAINT "fk_job_series_assignments_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" DROP CONSTRAINT "fk_job_series_assignments_series"`);
        await queryRunner.query(`ALTER TABLE "job_series_assignments" DROP CONSTRAINT "fk_job_series_assignments_user"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP CONSTRAINT "fk_job_series_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP CONSTRAINT "fk_job_series_customer"`);
        await queryRunner.query(`ALTER TABLE "job_series" DROP CONSTRAINT "fk_job_series_created_by"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "uq_jobs_series_occurrence"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "chk_jobs_series_occurrence"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP COLUMN "occurrence_date"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP COLUMN "series_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_series_line_items_tenant_series"`);
        await queryRunner.query(`DROP TABLE "job_series_line_items"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_series_assignments_tenant_user"`);
        await queryRunner.query(`DROP TABLE "job_series_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_series_tenant_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_series_tenant_customer"`);
        await queryRunner.query(`DROP TABLE "job_series"`);
    }

}
