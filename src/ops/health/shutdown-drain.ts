import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ZOOP_CONFIG, ZoopConfig } from '../../config/config';

/**
 * Graceful shutdown, first step. On SIGTERM Nest runs this before it closes the HTTP server: /readyz
 * turns 503 (so a load balancer stops sending new work here), every response says
 * `Connection: close` (so clients let go of their keep-alive connections), and for SHUTDOWN_DRAIN_MS
 * the server goes on accepting and answering as usual. Then Nest closes the server: it stops
 * accepting, finishes the requests in flight, and closes the database last (onApplicationShutdown).
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private readonly log = new Logger('Shutdown');
  private draining = false;
  constructor(
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  get isDraining() {
    return this.draining;
  }

  /** The readiness check: down from the moment the drain starts. */
  check() {
    const session = this.health.check('shutdown');
    return this.draining ? session.down('shutting down') : session.up();
  }

  async beforeApplicationShutdown(signal?: string) {
    // app.close() from code (tests, a failed start) has nothing in flight to protect
    if (!signal || this.config.shutdownDrainMs === 0) return;
    this.draining = true;
    this.log.log(`${signal}: /readyz answers 503; serving ${this.config.shutdownDrainMs} ms more, then finishing the calls in flight`);
    await new Promise((resolve) => setTimeout(resolve, this.config.shutdownDrainMs));
  }
}
