import { Controller, Get, Injectable } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ShutdownDrain } from './shutdown-drain';

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

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

/** GET /healthz (the process answers) and GET /readyz (not shutting down, database reachable, schema up to date). No auth, no secrets. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsIndicator,
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
    return this.health.check([() => this.drain.check(), () => this.db.pingCheck('database', { timeout: 1500 }), () => this.migrations.check()]);
  }
}

export const HEALTH_PROVIDERS = [MigrationsIndicator, ShutdownDrain];
