import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';
import { RateLimitModule } from '../ops/rate-limit/rate-limit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { SignInService } from './sign-in.service';
import { ScopesModule } from '../auth/scopes.module';

@Module({
  // /oauth/token is rate limited (also loaded by the admin CLI, which has no OpsModule)
  imports: [RateLimitModule, CryptoModule, ScopesModule],
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService, SignInService],
  exports: [OAuthService, SigningKeysService, SignInService],
})
export class OAuthModule {}
