import { Injectable } from '@nestjs/common';
import { TenancyService } from '../tenancy/tenancy.service';
import { OAuthService } from '../oauth/oauth.service';
import { ScopeCatalogue } from './scope-catalogue';
import { Principal } from './principal';

/**
 * How long a verified token is trusted without asking the database again, counted from when the
 * lookup started: a key revoked (or a grant revoked, a user removed) stops working on every process
 * within this time, with no invalidation message to lose. At 16 calls in flight on one token this
 * is about one lookup a second instead of one per call.
 */
export const TOKEN_CACHE_MS = 900;
const CACHE_MAX = 10_000;

interface Verified {
  principal: Principal;
  /** when the token itself expires (a JWT's exp), in ms */
  expiresAt: number;
  /** an OAuth access token's refresh family */
  familyId?: string;
}

/**
 * Turns a bearer token into the caller's Principal, or false: an API key (zoop_uk_ / zoop_tk_,
 * looked up by its hash) or an OAuth access token (a JWT of ours, its grant still standing).
 * Valid tokens are remembered for TOKEN_CACHE_MS (never past a JWT's expiry); unknown ones are not,
 * so a key issued a moment ago works at once.
 */
@Injectable()
export class TokenVerifier {
  private readonly cache = new Map<string, Verified & { until: number }>();
  /** bumped by every revocation in this process: a lookup that overlapped one is not cached */
  private revocations = 0;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly oauth: OAuthService,
    private readonly catalogue: ScopeCatalogue,
  ) {
    // revoked in this process: forgotten at once (in other processes, within TOKEN_CACHE_MS)
    tenancy.keyRevoked.add((keyId) => this.forget((v) => v.principal.via === 'api_key' && v.principal.credentialId === keyId));
    oauth.familyRevoked.add((familyId) => this.forget((v) => v.familyId === familyId));
  }

  private forget(match: (v: Verified) => boolean) {
    this.revocations++;
    for (const [token, v] of this.cache) if (match(v)) this.cache.delete(token);
  }

  async validate(token: string): Promise<Principal | false> {
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit && hit.until > now) return hit.principal;
    const generation = this.revocations;
    const principal = await this.lookUp(token);
    if (hit) this.cache.delete(token);
    if (principal && generation === this.revocations) {
      // valid tokens only, so the map holds at most the live credentials; cleared wholesale if it ever fills
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(token, { ...principal, until: Math.min(now + TOKEN_CACHE_MS, principal.expiresAt) });
    }
    return principal ? principal.principal : false;
  }

  private async lookUp(token: string): Promise<Verified | false> {
    if (!token.startsWith('zoop_')) return this.validateJwt(token);
    const key = await this.tenancy.verifyApiKey(token);
    if (!key) return false;
    const principal: Principal = {
      tenantId: key.tenantId,
      actor: key.userId ? { kind: 'user', userId: key.userId } : { kind: 'tenant_key', keyId: key.keyId },
      // a key issued with `all` holds every scope there is now (ScopeCatalogue), entities added since included
      scopes: this.catalogue.expand(key.scopes),
      via: 'api_key',
      credentialId: key.keyId,
    };
    return { principal, expiresAt: Infinity };
  }

  // An OAuth access token: signature, issuer, audience (this MCP resource) and expiry checked by
  // jose; then the grant must still stand (user exists, refresh family not revoked).
  private async validateJwt(token: string): Promise<Verified | false> {
    const claims = await this.oauth.keys.verify(token);
    if (!claims || typeof claims.scope !== 'string' || typeof claims.client_id !== 'string') return false;
    if (!(await this.oauth.grantActive(claims))) return false;
    const principal: Principal = {
      tenantId: claims.tenant_id,
      actor: { kind: 'user', userId: claims.sub },
      scopes: new Set(claims.scope.split(' ').filter((s) => this.catalogue.isScope(s))),
      via: 'oauth',
      credentialId: `oauth:${claims.client_id}:${claims.sub}`,
    };
    return { principal, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : 0, familyId: claims.sid };
  }
}
