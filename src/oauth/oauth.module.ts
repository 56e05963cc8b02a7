import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [OAuthController],
  providers: [OAuthService, SigningKeysService],
  exports: [OAuthService, SigningKeysService],
})
export class OAuthModule {}
