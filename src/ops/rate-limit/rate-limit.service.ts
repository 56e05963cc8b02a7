import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ZOOP_CONFIG, ZoopConfig } from '../../config/config';

export const WINDOW_MS = 60_000;

/** Counts requests that failed authentication per client address (unauthenticated floods). */
@Injectable()
export class RateLimitService {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}

  /** Seconds to wait when this address is over its budget, else null. */
  async hitUnauthenticated(address: string): Promise<number | null> {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0) return null;
    const r = await this.storage.increment(`address:${address}`, WINDOW_MS, limit, WINDOW_MS, 'default');
    return r.isBlocked ? r.timeToBlockExpire : null;
  }
}

export const rateLimitMessage = (seconds: number) => `Rate limit exceeded: retry after ${seconds} second${seconds === 1 ? '' : 's'}.`;
