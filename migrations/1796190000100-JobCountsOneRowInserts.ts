import { MigrationInterface, QueryRunner } from 'typeorm';

// Scale-out on Citus (issue 20): the job_counts triggers fire on each jobs shard on a worker, where
// job_counts is a distributed table too; Citus cannot run INSERT … SELECT FROM a trigger's
// transition table there ("could not find named tuplestore"). The functions now sum the transition
// table in PL/pgSQL and insert each (tenant, status) delta as one plain INSERT … VALUES, which Citus
// routes to the co-located shard on the same node (so in the same transaction). Same deltas as before,
// on plain PostgreSQL as on Citus; usually one row per statement.
const body = (select: string) => `
  DECLARE r record;
  BEGIN
    FOR r IN ${select} LOOP
      INSERT INTO job_counts (tenant_id, status, n) VALUES (r.tenant_id, r.status, r.n);
    END LOOP;
    RETURN NULL;
  END`;

export class JobCountsOneRowInserts1796190000100 implements MigrationInterface {
  name = 'JobCountsOneRowInserts1796190000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$${body(
      'SELECT tenant_id, status, count(*) AS n FROM new_rows GROUP BY tenant_id, status',
    )}$$`);
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$${body(
      'SELECT tenant_id, status, -count(*) AS n FROM old_rows GROUP BY tenant_id, status',
    )}$$`);
    // only rows whose status (or tenant) changed move between counters
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$${body(`
      SELECT tenant_id, status, sum(d) AS n FROM (
        SELECT o.tenant_id, o.status, -1 AS d FROM old_rows o JOIN new_rows w ON w.id = o.id
         WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id
        UNION ALL
        SELECT w.tenant_id, w.status, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
         WHERE w.status <> o.status OR w.tenant_id <> o.tenant_id) moved
      GROUP BY tenant_id, status`)}$$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) SELECT tenant_id, status, count(*) FROM new_rows GROUP BY tenant_id, status;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts (tenant_id, status, n) SELECT tenant_id, status, -count(*) FROM old_rows GROUP BY tenant_id, status;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION job_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
