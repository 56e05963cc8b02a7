import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../../config/config';
import { RedisFailoverStorage } from './redis-failover.storage';
import { SyncedThrottlerStorage } from './synced.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { COUNTERS, Counters, RateLimitService, rateLimitMessage, WINDOW_MS } from './rate-limit.service';

// Counters shared by every server process: Redis when REDIS_URL is set (counted locally while it is
// unreachable), else counted in memory and synced through PostgreSQL in the background.
@Module({
  providers: [
    {
      provide: COUNTERS,
      inject: [ZOOP_CONFIG, getDataSourceToken()],
      useFactory: (config: ZoopConfig, ds: DataSource): Counters => (config.redisUrl ? new RedisFailoverStorage(config.redisUrl) : new SyncedThrottlerStorage(ds)),
    },
  ],
  exports: [COUNTERS],
})
class CountersModule {}

// The background sync starts with the application and stops after the HTTP server has drained,
// so in-flight calls keep their counters and their hits are sent once more.
@Injectable()
class CountersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(COUNTERS) private readonly counters: Counters,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}
  onApplicationBootstrap() {
    if (this.counters instanceof SyncedThrottlerStorage && this.config.rateLimitPerMinute > 0) this.counters.start();
  }
  async onApplicationShutdown() {
    if (this.counters instanceof SyncedThrottlerStorage) await this.counters.stop();
    else this.counters.close();
  }
}

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [CountersModule],
      inject: [ZOOP_CONFIG, COUNTERS],
      useFactory: (config: ZoopConfig, counters: Counters) => ({
        throttlers: [{ name: 'default', ttl: WINDOW_MS, limit: Math.max(1, config.rateLimitPerMinute) }],
        skipIf: () => config.rateLimitPerMinute === 0,
        setHeaders: false, // Retry-After is set by RateLimitGuard on a refusal
        storage: counters,
        errorMessage: (_ctx, detail) => rateLimitMessage(detail.timeToBlockExpire),
      }),
    }),
    CountersModule,
  ],
  providers: [RateLimitGuard, RateLimitService, CountersLifecycle],
  exports: [RateLimitGuard, RateLimitService, ThrottlerModule],
})
export class RateLimitModule {}
