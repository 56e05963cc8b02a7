import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { WindowCounters } from './window-counters';

/** A Redis command that takes longer than this is given up, and the call is counted locally. */
export const REDIS_COMMAND_TIMEOUT_MS = 200;

/**
 * With REDIS_URL: counters shared in Redis (@nest-lab/throttler-storage-redis). When Redis cannot be
 * reached, or answers too slowly, calls are counted in this process's memory instead (each process
 * then has its own budget) rather than failing; `/readyz` reports it, and the client reconnects in
 * the background. Nothing waits on a Redis that is down: no offline queue, no retries per command,
 * bounded connect and command timeouts, and connection errors are logged once per outage.
 */
export class RedisFailoverStorage implements ThrottlerStorage {
  private readonly log = new Logger('RateLimit');
  readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new WindowCounters();
  /** when Redis last failed us (connection error or a command timeout); 0 when never */
  private failedAt = 0;
  private sweeper: NodeJS.Timeout;

  constructor(url: string) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
    });
    this.redis.on('error', (err) => this.markDown(err.message));
    this.redis.on('ready', () => {
      if (this.failedAt) this.log.log('Redis is back: rate-limit counters are shared again');
      this.failedAt = 0;
    });
    this.shared = new ThrottlerStorageRedisService(this.redis);
    // the fallback counters of ended windows are dropped now and then
    this.sweeper = setInterval(() => this.local.takeDeltas(), 60_000).unref();
  }

  /** Whether calls are counted in this process only (Redis unreachable). */
  get degraded(): boolean {
    return this.redis.status !== 'ready' || Date.now() - this.failedAt < 5000;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (this.redis.status === 'ready') {
      try {
        return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch (err) {
        this.markDown((err as Error).message);
      }
    }
    return this.local.hit(`${throttlerName}:${key}`, ttl, limit);
  }

  private markDown(reason: string) {
    if (!this.failedAt) this.log.warn(`Redis unreachable (${reason}): counting rate limits in this process until it is back`);
    this.failedAt = Date.now();
  }

  close() {
    clearInterval(this.sweeper);
    this.redis.disconnect(false);
  }
}
