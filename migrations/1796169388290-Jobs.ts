import { MigrationInterface, QueryRunner } from "typeorm";

export class Jobs1796169388290 implements MigrationInterface {
    name = 'Jobs1796169388290'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid, "title" text NOT NULL, "description" text, "flat_price" numeric(12,2), "status" text NOT NULL DEFAULT 'unscheduled', "scheduled_start" TIMESTAMP WITH TIME ZONE, "scheduled_end" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, CONSTRAINT "uq_jobs_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_jobs_flat_price" CHECK ("flat_price" IS NULL OR "flat_price" >= 0), CONSTRAINT "chk_jobs_schedule_order" CHECK ("scheduled_end" IS NULL OR "scheduled_start" IS NULL OR "scheduled_end" >= "scheduled_start"), CONSTRAINT "chk_jobs_status" CHECK ("status" IN ('unscheduled', 'scheduled', 'done', 'cancelled')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_jobs_tenant_customer" ON "jobs"  ("tenant_id", "customer_id") `);
        await queryRunner.query(`CREATE INDEX "idx_jobs_tenant_status_start" ON "jobs"  ("tenant_id", "status", "scheduled_start") `);
        await queryRunner.query(`CREATE INDEX "idx_jobs_tenant" ON "jobs"  ("tenant_id") `);
        // jobs.list order; declared with synchronize: false on the entity (mixed directions)
        await queryRunner.query(`CREATE INDEX "idx_jobs_tenant_list_order" ON "jobs" ("tenant_id", "scheduled_start" ASC NULLS LAST, "created_at" DESC)`);
        await queryRunner.query(`CREATE TABLE "job_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "job_id" uuid NOT NULL, "user_id" uuid NOT NULL, "assigned_by" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_job_assignments_job_user" UNIQUE ("tenant_id", "job_id", "user_id"), CONSTRAINT "uq_job_assignments_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_353e90dd5926795cc44eca343a9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_assignments_tenant_user" ON "job_assignments"  ("tenant_id", "user_id") `);
        await queryRunner.query(`CREATE TABLE "job_line_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "job_id" uuid NOT NULL, "description" text NOT NULL, "unit_price" numeric(12,2) NOT NULL, "quantity" numeric(12,3) NOT NULL, "sort_order" integer NOT NULL, CONSTRAINT "uq_job_line_items_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_job_line_items_amounts" CHECK ("unit_price" >= 0 AND "quantity" > 0), CONSTRAINT "PK_876b22558c7727e0a2ef4dbf96d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_line_items_tenant_job" ON "job_line_items"  ("tenant_id", "job_id", "sort_order") `);
        await queryRunner.query(`CREATE TABLE "job_media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "job_id" uuid NOT NULL, "storage_path" text NOT NULL, "kind" text NOT NULL, "filename" text NOT NULL, "size_bytes" bigint NOT NULL, "caption" text, "uploaded_by" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_job_media_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "chk_job_media_size" CHECK ("size_bytes" >= 0), CONSTRAINT "chk_job_media_kind" CHECK ("kind" IN ('photo', 'video')), CONSTRAINT "PK_138022e116c09c2a43e35d735f0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_media_tenant_job" ON "job_media"  ("tenant_id", "job_id", "uploaded_at") `);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_created_by" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_assignments" ADD CONSTRAINT "fk_job_assignments_assigned_by" FOREIGN KEY ("tenant_id", "assigned_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_assignments" ADD CONSTRAINT "fk_job_assignments_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_assignments" ADD CONSTRAINT "fk_job_assignments_job" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_assignments" ADD CONSTRAINT "fk_job_assignments_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_line_items" ADD CONSTRAINT "fk_job_line_items_job" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_line_items" ADD CONSTRAINT "fk_job_line_items_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_media" ADD CONSTRAINT "fk_job_media_uploaded_by" FOREIGN KEY ("tenant_id", "uploaded_by") REFERENCES "users"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_media" ADD CONSTRAINT "fk_job_media_job" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "job_media" ADD CONSTRAINT "fk_job_media_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "job_media" DROP CONSTRAINT "fk_job_media_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_media" DROP CONSTRAINT "fk_job_media_job"`);
        await queryRunner.query(`ALTER TABLE "job_media" DROP CONSTRAINT "fk_job_media_uploaded_by"`);
        await queryRunner.query(`ALTER TABLE "job_line_items" DROP CONSTRAINT "fk_job_line_items_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_line_items" DROP CONSTRAINT "fk_job_line_items_job"`);
        await queryRunner.query(`ALTER TABLE "job_assignments" DROP CONSTRAINT "fk_job_assignments_tenant"`);
        await queryRunner.query(`ALTER TABLE "job_assignments" DROP CONSTRAINT "fk_job_assignments_job"`);
        await queryRunner.query(`ALTER TABLE "job_assignments" DROP CONSTRAINT "fk_job_assignments_user"`);
        await queryRunner.query(`ALTER TABLE "job_assignments" DROP CONSTRAINT "fk_job_assignments_assigned_by"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_tenant"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_customer"`);
        await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "fk_jobs_created_by"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_media_tenant_job"`);
        await queryRunner.query(`DROP TABLE "job_media"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_line_items_tenant_job"`);
        await queryRunner.query(`DROP TABLE "job_line_items"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_assignments_tenant_user"`);
        await queryRunner.query(`DROP TABLE "job_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_list_order"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_status_start"`);
        await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_customer"`);
        await queryRunner.query(`DROP TABLE "jobs"`);
    }

}
