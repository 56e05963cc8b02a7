import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';
import { RateLimitModule } from '../ops/rate-limit/rate-limit.module';
import { KeyEncryption } from './key-encryption';
import { SignInService } from './sign-in.service';

@Module({
  // /oauth/token is rate limited (also loaded by the admin CLI, which has no OpsModule)
  imports: [RateLimitModule],
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService, KeyEncryption, SignInService],
  exports: [OAuthService, SigningKeysService, SignInService],
})
export class OAuthModule {}
