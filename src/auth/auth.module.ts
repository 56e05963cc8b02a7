import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OAuthModule } from '../oauth/oauth.module';
import { BearerAuthGuard } from './bearer-auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [TenancyModule, OAuthModule],
  providers: [TokenVerifier, BearerAuthGuard],
  exports: [BearerAuthGuard, TokenVerifier],
})
export class AuthModule {}
