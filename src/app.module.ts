import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { ZoopConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { McpModule } from './mcp/mcp.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { OpsModule } from './ops/ops.module';
import { AuditModule } from './audit/audit.module';
import { CustomersModule } from './customers/customers.module';
import { JobsModule } from './jobs/jobs.module';
import { JobSeriesModule } from './job-series/job-series.module';
import { ScheduleModule } from '@nestjs/schedule';
import { ContactsModule } from './contacts/contacts.module';
import { LocationsModule } from './locations/locations.module';
import { TagsModule } from './tags/tags.module';
import { NotesModule } from './notes/notes.module';
import { CatalogCategoriesModule } from './catalog-categories/catalog-categories.module';
import { CatalogItemsModule } from './catalog-items/catalog-items.module';
import { TaxRatesModule } from './tax-rates/tax-rates.module';
import { QuotesModule } from './quotes/quotes.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PlansModule } from './plans/plans.module';
import { OAuthModule } from './oauth/oauth.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { SettingsModule } from './settings/settings.module';

/**
 * The entities: one line each. Their tools define the scopes, toolsets and `--scopes all`
 * (src/auth/scope-catalogue.ts); the admin CLI loads them too, without HTTP or the scheduler.
 */
export const ENTITY_MODULES = [
  CustomersModule,
  JobsModule,
  JobSeriesModule,
  ContactsModule,
  LocationsModule,
  TagsModule,
  NotesModule,
  CatalogCategoriesModule,
  CatalogItemsModule,
  TaxRatesModule,
  QuotesModule,
  InvoicesModule,
  PlansModule,
];

@Module({})
export class AppModule {
  /** `extra`: more modules (the tests add a test-only entity module to one app). */
  static forRoot(config: ZoopConfig, database: { url: string; embedded?: EmbeddedDatabase }, extra: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database.url, database.embedded, { size: config.dbPoolSize, connectTimeoutMs: config.dbConnectTimeoutMs }),
        TenancyModule,
        OpsModule,
        AuditModule,
        McpModule,
        OAuthModule,
        WebhooksModule,
        SettingsModule,
        ...ENTITY_MODULES,
        ...extra,
        // the cron registry, in this one place: the series-window and plan-billing jobs run only
        // where the scheduler is enabled (never in the admin CLI, which does not load it)
        ...(config.schedulerEnabled ? [ScheduleModule.forRoot()] : []),
      ],
    };
  }
}
