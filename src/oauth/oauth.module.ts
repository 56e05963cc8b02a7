import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';
import { PasswordSignIn } from './password-sign-in';

@Module({
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService, PasswordSignIn],
  exports: [OAuthService, SigningKeysService, PasswordSignIn],
})
export class OAuthModule {}
