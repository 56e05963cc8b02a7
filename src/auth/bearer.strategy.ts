import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { TenancyService } from '../tenancy/tenancy.service';
import { Principal } from './principal';

// Tokens are read from the Authorization header only, never from the query string or body.
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly tenancy: TenancyService) {
    super({ passReqToCallback: false });
  }

  // passport-http-bearer also reads access_token from the query and the body: we let it see only the header.
  override authenticate(req: { headers: Record<string, unknown> }, options?: object) {
    return super.authenticate({ headers: { authorization: req.headers.authorization } } as never, options);
  }

  async validate(token: string): Promise<Principal | false> {
    const key = await this.tenancy.verifyApiKey(token);
    if (!key) return false;
    return {
      tenantId: key.tenantId,
      actor: key.userId ? { kind: 'user', userId: key.userId } : { kind: 'tenant_key', keyId: key.keyId },
      scopes: new Set(key.scopes),
      via: 'api_key',
      credentialId: key.keyId,
    };
  }
}
