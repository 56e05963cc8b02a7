import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OAuthModule } from '../oauth/oauth.module';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BearerStrategy } from './bearer.strategy';
import { ScopesModule } from './scopes.module';
import { TokenVerifier } from './token-verifier';

/**
 * Authentication (the passport bearer strategy over TokenVerifier) and the scope policy: the scope
 * set derived from the tools (ScopesModule), ScopesGuard and UserActorGuard (applied by @McpTool),
 * and requireScope for services (src/auth/scope-policy.ts).
 */
@Module({
  imports: [PassportModule, TenancyModule, OAuthModule, ScopesModule],
  providers: [TokenVerifier, BearerStrategy, BearerAuthGuard],
  exports: [BearerAuthGuard, TokenVerifier, ScopesModule],
})
export class AuthModule {}
