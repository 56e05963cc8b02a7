import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { insertValues, routedWrites } from '../database/write-mode';

export const COMPACT_EVERY_MS = 2000;

// Folds the deltas of each (tenant, status) that has more than one row into one row, one tenant per
// statement: rows added meanwhile are outside its snapshot and stay as they are, and a second
// compactor running at once skips the rows the first one deleted, so the sums never change. One
// tenant at a time, so that on Citus each fold runs on the one node holding the tenant, never as a
// transaction across shards (README "Scale-out on Citus").
const TENANTS = `SELECT tenant_id FROM job_counts GROUP BY tenant_id, status HAVING count(*) > 1 LIMIT 1000`;
const COMPACT = `
  WITH many AS (SELECT tenant_id, status FROM job_counts WHERE tenant_id = $1 GROUP BY tenant_id, status HAVING count(*) > 1),
  gone AS (DELETE FROM job_counts c USING many m WHERE c.tenant_id = $1 AND c.tenant_id = m.tenant_id AND c.status = m.status
           RETURNING c.tenant_id, c.status, c.n)
  INSERT INTO job_counts (tenant_id, status, n)
  SELECT tenant_id, status, sum(n) FROM gone GROUP BY tenant_id, status HAVING sum(n) <> 0`;

// On Citus (src/database/write-mode.ts) the fold above is not a router plan (its INSERT … SELECT reads
// a DELETE's result through the coordinator): there one transaction per tenant deletes the rows with
// a routed DELETE … RETURNING and inserts their sums with a routed INSERT … VALUES.
const DELETE_MANY = `
  DELETE FROM job_counts c WHERE c.tenant_id = $1
     AND c.status IN (SELECT m.status FROM job_counts m WHERE m.tenant_id = $1 GROUP BY m.status HAVING count(*) > 1)
  RETURNING c.status, c.n`;

/**
 * Keeps job_counts short, so a list's count reads a few rows per tenant: every process runs it
 * (it is harmless twice) every COMPACT_EVERY_MS, also without the scheduler, since creates append
 * a delta row each.
 */
@Injectable()
export class JobCountsCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('JobCounts');
  private timer?: NodeJS.Timeout;
  private running = false;
  private failing = false;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.compact(), COMPACT_EVERY_MS).unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async compact() {
    if (this.running || !this.ds.isInitialized) return;
    this.running = true;
    try {
      const tenants: { tenant_id: string }[] = await this.ds.query(TENANTS);
      for (const id of new Set(tenants.map((t) => t.tenant_id))) {
        if (!routedWrites(this.ds.manager)) await this.ds.query(COMPACT, [id]);
        else
          await this.ds.transaction(async (em) => {
            const [gone]: [{ status: string; n: string }[]] = await em.query(DELETE_MANY, [id]);
            const sums = new Map<string, bigint>();
            for (const g of gone) sums.set(g.status, (sums.get(g.status) ?? 0n) + BigInt(g.n));
            const rows = [...sums].filter(([, n]) => n !== 0n).map(([status, n]) => [id, status, String(n)]);
            if (rows.length) await insertValues(em, 'job_counts.fold', 'job_counts', ['tenant_id', 'status', 'n'], rows);
          });
      }
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.log.warn(`cannot compact job counts (${(err as Error).message}); will retry`);
      this.failing = true;
    } finally {
      this.running = false;
    }
  }
}
