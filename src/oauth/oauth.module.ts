import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';
import { KeyEncryption } from './key-encryption';
import { SignInService } from './sign-in.service';

@Module({
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService, KeyEncryption, SignInService],
  exports: [OAuthService, SigningKeysService, SignInService],
})
export class OAuthModule {}
