import { MigrationInterface, QueryRunner } from 'typeorm';

// jobs.list's exact count without counting: job_counts holds signed deltas per (tenant, status),
// written by statement-level triggers on jobs in the same transaction as the change, so a sum over
// a tenant's rows is exact in any snapshot, whatever writes the jobs (tools, series generation,
// plan cancellation, SQL by hand). Deltas are appended, never updated in place: concurrent creates
// do not queue on one counter row. JobCountsCompactor folds them into one row per (tenant, status).
export class JobCounts1796180000000 implements MigrationInterface {
  name = 'JobCounts1796180000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "job_counts" ("tenant_id" uuid NOT NULL, "status" text NOT NULL, "n" bigint NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "idx_job_counts_tenant_status" ON "job_counts" ("tenant_id", "status")`);
    await queryRunner.query(`
      CREATE FUNCTION job_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) SELECT tenant_id, status, count(*) FROM new_rows GROUP BY tenant_id, status;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION job_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) SELECT tenant_id, status, -count(*) FROM old_rows GROUP BY tenant_id, status;
        RETURN NULL;
      END $$`);
    // only rows whose status (or tenant) changed move between counters
    await queryRunner.query(`
      CREATE FUNCTION job_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n)
        SELECT tenant_id, status, sum(d) FROM (
          SELECT o.tenant_id, o.status, -1 AS d FROM old_rows o JOIN new_rows w ON w.id = o.id
           WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id
          UNION ALL
          SELECT w.tenant_id, w.status, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
           WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id) moved
        GROUP BY tenant_id, status;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION job_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM job_counts;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER job_counts_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION job_counts_inserted()`);
    await queryRunner.query(`CREATE TRIGGER job_counts_deleted AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION job_counts_deleted()`);
    await queryRunner.query(
      `CREATE TRIGGER job_counts_updated AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION job_counts_updated()`,
    );
    await queryRunner.query(`CREATE TRIGGER job_counts_truncated AFTER TRUNCATE ON jobs FOR EACH STATEMENT EXECUTE FUNCTION job_counts_truncated()`);
    // the triggers hold jobs' lock until this transaction commits, so the backfill misses no write
    await queryRunner.query(`INSERT INTO job_counts (tenant_id, status, n) SELECT tenant_id, status, count(*) FROM jobs GROUP BY tenant_id, status`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['inserted', 'deleted', 'updated', 'truncated']) {
      await queryRunner.query(`DROP TRIGGER job_counts_${t} ON jobs`);
      await queryRunner.query(`DROP FUNCTION job_counts_${t}()`);
    }
    await queryRunner.query(`DROP TABLE "job_counts"`);
  }
}
