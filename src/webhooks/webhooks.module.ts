import { Injectable, Logger, Module } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { CryptoModule } from '../crypto/crypto.module';
import { DeliveryWorker } from './delivery.worker';
import { WebhooksService } from './webhooks.service';
import { TenancyModule } from '../tenancy/tenancy.module';

/** Daily: attempts older than 7 days go (and finished deliveries and events with them). Runs only where the cron registry is loaded. */
@Injectable()
export class WebhooksPurge {
  private readonly log = new Logger('Webhooks');
  constructor(private readonly webhooks: WebhooksService) {}

  @Cron('40 2 * * *', { name: 'webhooks-purge', timeZone: 'UTC' })
  async tick() {
    try {
      const r = await this.webhooks.purge();
      this.log.log(`purged ${r.attempts} attempts, ${r.deliveries} deliveries, ${r.events} events`);
    } catch (e) {
      this.log.error(`purge failed: ${(e as Error).message}`);
    }
  }
}

/**
 * Webhooks (issue 18): endpoints and secrets (WebhooksService, for the admin CLI), the delivery
 * worker and the purge. Events are written by the audit row's statement (outbox.ts).
 */
@Module({ imports: [CryptoModule, TenancyModule], providers: [WebhooksService, DeliveryWorker, WebhooksPurge], exports: [WebhooksService] })
export class WebhooksModule {}

/** For the admin CLI: the endpoints, without the worker. */
@Module({ imports: [CryptoModule, TenancyModule], providers: [WebhooksService], exports: [WebhooksService] })
export class WebhooksAdminModule {}
