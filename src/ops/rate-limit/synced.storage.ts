import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';
import { Delta, WindowCounters } from './window-counters';

/** How often each process sends its new hits to PostgreSQL and learns the other processes' totals. */
export const SYNC_INTERVAL_MS = 250;

// One statement for every key of a running window: adds the hits counted since the last sync to the
// shared window rows (only keys that have some: no write for the others) and returns each key's total
// over all processes. The table is UNLOGGED: counters need not survive a database crash, and
// skipping the WAL keeps the write cheap.
const ADD_HITS = `
  WITH t AS (SELECT * FROM unnest($1::text[], $2::int[], $3::float8[]) AS t(k, h, e)),
  added AS (
    INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
    SELECT k, h, to_timestamp(e / 1000.0) FROM t WHERE h > 0
    ON CONFLICT (key) DO UPDATE SET hits = c.hits + excluded.hits
    RETURNING key, hits)
  SELECT key, hits FROM added
  UNION ALL
  SELECT c.key, c.hits FROM t JOIN rate_limit_counters c ON c.key = t.k WHERE t.h = 0`;
const SWEEP = `DELETE FROM rate_limit_counters WHERE expires_at < now() - interval '1 minute'`;

/**
 * The default rate-limit store (no REDIS_URL): every call is counted in this process's memory (no
 * I/O on the request path; exact with one process), and a background sync every SYNC_INTERVAL_MS
 * sends the new hits of all keys to PostgreSQL in one statement and brings back the totals of every
 * process. With N processes, a key can go over its limit by what the other processes admitted since
 * their last sync: at most (N − 1) × the hits one process serves for that key in one interval, and
 * never more than N × the limit in one window.
 */
export class SyncedThrottlerStorage implements ThrottlerStorage {
  private readonly log = new Logger('RateLimit');
  private readonly counters = new WindowCounters();
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private failing = false;
  private syncs = 0;

  constructor(private readonly ds: DataSource) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.counters.hit(`${throttlerName}:${key}`, ttl, limit);
  }

  start() {
    this.timer ??= setInterval(() => void this.sync(), SYNC_INTERVAL_MS).unref();
  }

  /** Stops the timer and sends what is left (after the HTTP server drained). */
  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
    await this.sync();
  }

  sync(): Promise<void> {
    if (this.syncing || !this.ds.isInitialized) return this.syncing ?? Promise.resolve();
    this.syncing = this.send().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async send() {
    const deltas = this.counters.takeDeltas();
    try {
      if (++this.syncs % 1200 === 0) await this.ds.query(SWEEP); // about every 5 minutes
      if (deltas.length) this.counters.settle(deltas, await this.addHits(deltas));
      if (this.failing) this.log.log('rate-limit counters are shared through PostgreSQL again');
      this.failing = false;
    } catch (err) {
      this.counters.giveBack(deltas);
      // one line per outage, not one per sync: meanwhile each process goes on counting on its own
      if (!this.failing) this.log.warn(`cannot share rate-limit counters through PostgreSQL (${(err as Error).message}); counting in this process until it is back`);
      this.failing = true;
    }
  }

  private async addHits(deltas: Delta[]): Promise<Map<string, number>> {
    const rows: { key: string; hits: number }[] = await this.ds.query(ADD_HITS, [
      deltas.map((d) => `${d.key}@${d.windowEnd}`),
      deltas.map((d) => d.hits),
      deltas.map((d) => d.windowEnd),
    ]);
    return new Map(rows.map((r) => [r.key.slice(0, r.key.lastIndexOf('@')), Number(r.hits)]));
  }
}
