import { MigrationInterface, QueryRunner } from 'typeorm';

// jobs.list picks a page's 20 ids first: with INCLUDE (id) that is an index-only range scan in the
// exact ORDER BY (scheduled_start ASC NULLS LAST, created_at DESC), with or without a status filter.
// Both indexes are declared with synchronize: false on the Job entity (mixed directions, INCLUDE).
export class JobsListIndexes1796170000000 implements MigrationInterface {
  name = 'JobsListIndexes1796170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_list_order"`);
    await queryRunner.query(
      `CREATE INDEX "idx_jobs_tenant_list_order" ON "jobs" ("tenant_id", "scheduled_start" ASC NULLS LAST, "created_at" DESC) INCLUDE ("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_jobs_tenant_status_list_order" ON "jobs" ("tenant_id", "status", "scheduled_start" ASC NULLS LAST, "created_at" DESC) INCLUDE ("id")`,
    );
    // index-only counts need an up-to-date visibility map; jobs is insert-heavy (series instances)
    await queryRunner.query(`ALTER TABLE "jobs" SET (autovacuum_vacuum_insert_scale_factor = 0.02)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jobs" RESET (autovacuum_vacuum_insert_scale_factor)`);
    await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_status_list_order"`);
    await queryRunner.query(`DROP INDEX "public"."idx_jobs_tenant_list_order"`);
    await queryRunner.query(`CREATE INDEX "idx_jobs_tenant_list_order" ON "jobs" ("tenant_id", "scheduled_start" ASC NULLS LAST, "created_at" DESC)`);
  }
}
