import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';
import { RateLimitModule } from '../ops/rate-limit/rate-limit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { SignInService } from './sign-in.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../auth/scopes.module';
import { OAuthClient } from './oauth-client.entity';
import { UserPassword } from './user-password.entity';
import { OAuthSigningKey } from './oauth-signing-key.entity';
import { OAuthAuthorizationCode } from './oauth-authorization-code.entity';
import { OAuthRefreshToken } from './oauth-refresh-token.entity';

@Module({
  // /oauth/token is rate limited (also loaded by the admin CLI, which has no OpsModule)
  imports: [TypeOrmModule.forFeature([OAuthClient, UserPassword, OAuthSigningKey, OAuthAuthorizationCode, OAuthRefreshToken]), RateLimitModule, CryptoModule, ScopesModule],
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService, SignInService],
  exports: [OAuthService, SigningKeysService, SignInService],
})
export class OAuthModule {}
