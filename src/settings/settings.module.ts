import { Module } from '@nestjs/common';
import { OAuthModule } from '../oauth/oauth.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ScopesModule } from '../auth/scopes.module';
import { OwnerSessionGuard } from './owner-session.guard';
import { SettingsPageFilter } from './settings-page.filter';
import { SettingsSessions } from './settings-sessions.service';
import { SettingsController } from './settings.controller';
import { SettingsView } from './settings-view';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsSession } from './settings-session.entity';

/** Settings → API & MCP (GET /settings/api): owns the settings_sessions table. */
@Module({
  imports: [TypeOrmModule.forFeature([SettingsSession]), TenancyModule, OAuthModule, WebhooksModule, ScopesModule],
  controllers: [SettingsController],
  providers: [SettingsSessions, SettingsView, OwnerSessionGuard, SettingsPageFilter],
})
export class SettingsModule {}
