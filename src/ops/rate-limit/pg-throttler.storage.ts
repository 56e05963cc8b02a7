import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';

// A fixed window per key, shared by every server process on the database: one atomic statement
// (one round trip) counts the hit and returns the window's state. The table is UNLOGGED: counters
// need not survive a database crash, and skipping the WAL keeps this write cheap.
const INCREMENT = `
  INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
  VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END,
    expires_at = CASE WHEN c.expires_at <= now() THEN excluded.expires_at ELSE c.expires_at END
  RETURNING hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - now()))))::int AS seconds_left`;

export class PgThrottlerStorage implements ThrottlerStorage {
  private readonly log = new Logger('RateLimit');
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ds: DataSource) {
    // expired windows are dead rows: sweep them now and then (any process may; all are harmless)
    this.sweeper = setInterval(() => {
      if (!this.ds.isInitialized) return;
      this.ds.query(`DELETE FROM rate_limit_counters WHERE expires_at < now() - interval '1 minute'`).catch((err) => this.log.warn(`sweep failed: ${err.message}`));
    }, 5 * 60_000).unref();
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [row] = await this.ds.query(INCREMENT, [`${throttlerName}:${key}`, ttl]);
    const seconds = Math.max(1, Number(row.seconds_left));
    const hits = Number(row.hits);
    // blocked until the window ends: Retry-After is the time left in it
    return { totalHits: hits, timeToExpire: seconds, isBlocked: hits > limit, timeToBlockExpire: seconds };
  }

  close() {
    clearInterval(this.sweeper);
  }
}
