import { Inject, Injectable } from '@nestjs/common';
import { ZOOP_CONFIG, ZoopConfig } from '../../config/config';
import type { RedisFailoverStorage } from './redis-failover.storage';
import type { SyncedThrottlerStorage } from './synced.storage';

export const WINDOW_MS = 60_000;
export const COUNTERS = Symbol('RATE_LIMIT_COUNTERS');
export type Counters = SyncedThrottlerStorage | RedisFailoverStorage;

/** Budgets outside the MCP guard: requests that failed authentication, per client address; and where counting happens. */
@Injectable()
export class RateLimitService {
  constructor(
    @Inject(COUNTERS) private readonly counters: Counters,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}

  /** Seconds to wait when this address is over its budget, else null. */
  hitUnauthenticated(address: string): Promise<number | null> {
    return this.hit(`address:${address}`);
  }

  /** /oauth/token: per client address and client_id (a stolen refresh token or a guessed code cannot be tried without end). */
  hitTokenEndpoint(address: string, clientId: unknown): Promise<number | null> {
    return this.hit(`oauth-token:${address}:${typeof clientId === 'string' ? clientId.slice(0, 100) : ''}`);
  }

  private async hit(key: string): Promise<number | null> {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0) return null;
    const r = await this.counters.increment(key, WINDOW_MS, limit, WINDOW_MS, 'default');
    return r.isBlocked ? r.timeToBlockExpire : null;
  }

  /** Where the counters are kept, for /readyz: `degraded` while Redis is configured but unreachable (calls are then counted per process). */
  status(): { store: string; degraded: boolean } {
    if (this.config.rateLimitPerMinute === 0) return { store: 'off', degraded: false };
    if ('degraded' in this.counters) {
      const degraded = this.counters.degraded;
      return { store: degraded ? 'local (Redis unreachable)' : 'redis', degraded };
    }
    return { store: 'memory, synced through PostgreSQL', degraded: false };
  }
}

export const rateLimitMessage = (seconds: number) => `Rate limit exceeded: retry after ${seconds} second${seconds === 1 ? '' : 's'}.`;
