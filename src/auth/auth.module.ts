import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OAuthModule } from '../oauth/oauth.module';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BearerStrategy } from './bearer.strategy';

@Module({
  imports: [PassportModule, TenancyModule, OAuthModule],
  providers: [BearerStrategy, BearerAuthGuard],
  exports: [BearerAuthGuard],
})
export class AuthModule {}
