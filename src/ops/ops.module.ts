import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_PROVIDERS, HealthController } from './health/health.controller';
import { ShutdownDrain } from './health/shutdown-drain';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { RateLimitModule } from './rate-limit/rate-limit.module';

// Operating Zoop: rate limits, health, metrics. (Logging and the per-call observer are wired in app.setup.ts.)
@Global()
@Module({
  imports: [RateLimitModule, TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, ...HEALTH_PROVIDERS],
  exports: [MetricsService, RateLimitModule, ShutdownDrain],
})
export class OpsModule {}
