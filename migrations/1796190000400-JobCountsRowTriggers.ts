import { MigrationInterface, QueryRunner } from 'typeorm';

// The job_counts deltas of inserts and status moves, written by row-level triggers instead of
// statement-level ones over transition tables. Same deltas, cheaper where it is paid most:
// - jobs.create inserts one job: the statement-level trigger had PostgreSQL keep the new rows in a
//   transition table and ran a GROUP BY over it, then the INSERT, for that one row (about a tenth of
//   the create statement's PostgreSQL time, README "Benchmark"); the row trigger is the INSERT alone.
//   A statement inserting many jobs (a series window) now appends one delta row per job, which the
//   compactor (JobCountsCompactor) folds as it folds the creates'.
// - an UPDATE of jobs ran its trigger, a join of the old and new rows, on every statement, also when
//   no status changed (most updates: title, schedule, customer); the row trigger fires only for a row
//   whose status (or tenant) changed, decided by its WHEN condition without calling the function.
// Deletes and TRUNCATE keep their statement-level triggers (one delta per statement).
// On Citus the trigger functions run on the shards and insert one row with INSERT … VALUES, which
// Citus routes to the co-located job_counts shard (as JobCountsOneRowInserts).
export class JobCountsRowTriggers1796190000400 implements MigrationInterface {
  name = 'JobCountsRowTriggers1796190000400';

  public async up(q: QueryRunner): Promise<void> {
    await allowTriggersOnCitus(q);
    await q.query(`CREATE FUNCTION job_counts_row_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) VALUES (NEW.tenant_id, NEW.status, 1);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION job_counts_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) VALUES (OLD.tenant_id, OLD.status, -1), (NEW.tenant_id, NEW.status, 1);
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER job_counts_inserted ON jobs`);
    await q.query(`DROP TRIGGER job_counts_updated ON jobs`);
    await q.query(`DROP FUNCTION job_counts_inserted()`);
    await q.query(`DROP FUNCTION job_counts_updated()`);
    await q.query(`CREATE TRIGGER job_counts_inserted AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION job_counts_row_inserted()`);
    await q.query(
      `CREATE TRIGGER job_counts_updated AFTER UPDATE OF status, tenant_id ON jobs FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
        EXECUTE FUNCTION job_counts_row_moved()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await allowTriggersOnCitus(q);
    await q.query(`DROP TRIGGER job_counts_inserted ON jobs`);
    await q.query(`DROP TRIGGER job_counts_updated ON jobs`);
    await q.query(`DROP FUNCTION job_counts_row_inserted()`);
    await q.query(`DROP FUNCTION job_counts_row_moved()`);
    // JobCountsOneRowInserts' functions and JobCounts' statement-level triggers
    const loop = (select: string) => `
      DECLARE r record;
      BEGIN
        FOR r IN ${select} LOOP
          INSERT INTO job_counts (tenant_id, status, n) VALUES (r.tenant_id, r.status, r.n);
        END LOOP;
        RETURN NULL;
      END`;
    await q.query(`CREATE FUNCTION job_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$${loop(
      'SELECT tenant_id, status, count(*) AS n FROM new_rows GROUP BY tenant_id, status',
    )}$$`);
    await q.query(`CREATE FUNCTION job_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$${loop(`
      SELECT tenant_id, status, sum(d) AS n FROM (
        SELECT o.tenant_id, o.status, -1 AS d FROM old_rows o JOIN new_rows w ON w.id = o.id
         WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id
        UNION ALL
        SELECT w.tenant_id, w.status, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
         WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id) moved
      GROUP BY tenant_id, status`)}$$`);
    await q.query(`CREATE TRIGGER job_counts_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION job_counts_inserted()`);
    await q.query(
      `CREATE TRIGGER job_counts_updated AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION job_counts_updated()`,
    );
  }
}

/** On a database already distributed by Citus, triggers on a distributed table need this setting (for this migration's transaction). */
async function allowTriggersOnCitus(q: QueryRunner) {
  const [{ citus }] = await q.query(`SELECT to_regclass('pg_dist_partition') IS NOT NULL AS citus`);
  if (citus) await q.query(`SET LOCAL citus.enable_unsafe_triggers = on`);
}
