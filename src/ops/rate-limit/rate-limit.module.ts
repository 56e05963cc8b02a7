import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../../config/config';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitService, rateLimitMessage, WINDOW_MS } from './rate-limit.service';

const COUNTERS = Symbol('RATE_LIMIT_COUNTERS');
type Counters = PgThrottlerStorage | ThrottlerStorageRedisService;

// Counters shared by every server process: Redis when REDIS_URL is set, else PostgreSQL.
@Module({
  providers: [
    {
      provide: COUNTERS,
      inject: [ZOOP_CONFIG, getDataSourceToken()],
      useFactory: (config: ZoopConfig, ds: DataSource): Counters =>
        config.redisUrl ? new ThrottlerStorageRedisService(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : new PgThrottlerStorage(ds),
    },
  ],
  exports: [COUNTERS],
})
class CountersModule {}

// Closed after the HTTP server has drained, so in-flight calls keep their counters.
@Injectable()
class CountersCloser implements OnApplicationShutdown {
  constructor(@Inject(COUNTERS) private readonly counters: Counters) {}
  onApplicationShutdown() {
    if (this.counters instanceof PgThrottlerStorage) this.counters.close();
    else this.counters.redis.disconnect(false);
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
        storage: counters,
        errorMessage: (_ctx, detail) => rateLimitMessage(detail.timeToBlockExpire),
      }),
    }),
    CountersModule,
  ],
  providers: [RateLimitGuard, RateLimitService, CountersCloser],
  exports: [RateLimitGuard, RateLimitService, ThrottlerModule],
})
export class RateLimitModule {}
