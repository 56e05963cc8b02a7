import { Injectable } from '@nestjs/common';
import { TenancyService } from '../tenancy/tenancy.service';
import { OAuthService } from '../oauth/oauth.service';
import { isScope } from './scopes';
import { Principal } from './principal';

/**
 * Turns a bearer token into the caller's Principal, or false: an API key (zoop_uk_ / zoop_tk_,
 * looked up by its hash) or an OAuth access token (a JWT of ours, its grant still standing).
 */
@Injectable()
export class TokenVerifier {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly oauth: OAuthService,
  ) {}

  async validate(token: string): Promise<Principal | false> {
    if (!token.startsWith('zoop_')) return this.validateJwt(token);
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

  // An OAuth access token: signature, issuer, audience (this MCP resource) and expiry checked by
  // jose; then the grant must still stand (user exists, refresh family not revoked).
  private async validateJwt(token: string): Promise<Principal | false> {
    const claims = await this.oauth.keys.verify(token);
    if (!claims || typeof claims.scope !== 'string' || typeof claims.client_id !== 'string') return false;
    if (!(await this.oauth.grantActive(claims))) return false;
    return {
      tenantId: claims.tenant_id,
      actor: { kind: 'user', userId: claims.sub },
      scopes: new Set(claims.scope.split(' ').filter(isScope)),
      via: 'oauth',
      credentialId: `oauth:${claims.client_id}:${claims.sub}`,
    };
  }
}
