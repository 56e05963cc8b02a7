import { Controller, Get, Injectable } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ShutdownDrain } from './shutdown-drain';

const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

@Injectable()
class MigrationsIndicator {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const session = this.health.check('migrations');
    try {
      const pending = await within(2000, this.ds.showMigrations());
      return pending ? session.down('migrations are pending') : session.up();
    } catch {
      return session.down('cannot read the migrations table');
    }
  }
}

// Rate limits never make the instance unready: while Redis is unreachable the calls are counted in
// this process (served, but each process has its own budget), which this reports as degraded.
@Injectable()
class RateLimitIndicator {
  constructor(
    private readonly rateLimit: RateLimitService,
    private readonly health: HealthIndicatorService,
  ) {}

  check() {
    return this.health.check('rate_limit').up(this.rateLimit.status());
  }
}

/** GET /healthz (the process answers) and GET /readyz (not shutting down, database reachable, schema up to date; where rate limits are counted). No auth, no secrets. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsIndicator,
    private readonly rateLimit: RateLimitIndicator,
    private readonly drain: ShutdownDrain,
  ) {}

  @Get('healthz')
  @HealthCheck()
  alive() {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.drain.check(), () => this.db.pingCheck('database', { timeout: 1500 }), () => this.migrations.check(), () => this.rateLimit.check()]);
  }
}

export const HEALTH_PROVIDERS = [MigrationsIndicator, RateLimitIndicator, ShutdownDrain];
