import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { ZoopConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { McpModule } from './mcp/mcp.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { CustomersModule } from './customers/customers.module';
import { OAuthModule } from './oauth/oauth.module';

@Module({})
export class AppModule {
  static forRoot(config: ZoopConfig, database: { url: string; embedded?: EmbeddedDatabase }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database.url, database.embedded),
        TenancyModule,
        McpModule,
        OAuthModule,
        // the entities: one line each
        CustomersModule,
      ],
    };
  }
}
