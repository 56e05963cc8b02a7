import { deleteEachTenant } from '../database/write-mode';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { grantableScopes } from '../auth/roles';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { InvalidField, NotFound } from '../common/errors';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { User } from '../tenancy/user.entity';
import { OAuthClient } from './oauth-client.entity';
import { OAuthAuthorizationCode } from './oauth-authorization-code.entity';
import { OAuthRefreshToken } from './oauth-refresh-token.entity';
import { OAuthError } from './oauth-errors';
import { hashPassword } from './password';
import { canonicalRedirectUri, checkRedirectUri } from './redirect-uri';
import { SigningKeysService } from './signing-keys.service';
import { AdminActor, AuditService } from '../audit/audit.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_TTL_MS = 120_000;
const REFRESH_TTL_MS = 30 * 86_400_000;
const DAY_MS = 86_400_000;
/** Client metadata limits (RFC 7591 registration and oauth:client:create). */
export const CLIENT_LIMITS = { redirectUris: 10, nameLength: 100 } as const;

export interface ClientView {
  client_id: string;
  client_secret?: string;
  client_name: string;
  redirect_uris: string[];
  token_endpoint_auth_method: string;
  grant_types: string[];
  response_types: string[];
  client_id_issued_at: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** The authorization server: clients, user sign-in, codes, tokens, revocation. */
/**
 * A code or refresh token by its hash, locked for this transaction. The tenant is not known yet, so
 * the hash lookup reads every shard on Citus, where a multi-shard SELECT … FOR UPDATE is refused:
 * the row is found first, then locked by its (tenant_id, id) key on its one shard.
 */
async function lockedByHash<T extends OAuthAuthorizationCode | OAuthRefreshToken>(em: EntityManager, entity: new () => T, where: Partial<T>): Promise<T | null> {
  const found = await em.getRepository(entity).findOne({ where: where as any, select: { tenantId: true, id: true } as any });
  if (!found) return null;
  return em.getRepository(entity).findOne({ where: { tenantId: found.tenantId, id: found.id, ...where } as any, lock: { mode: 'pessimistic_write' } });
}

@Injectable()
export class OAuthService {
  /** told every refresh family this process revokes (the token verifier forgets its access tokens at once) */
  readonly familyRevoked = new Set<(familyId: string) => void>();
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    readonly keys: SigningKeysService,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly audit: AuditService,
    private readonly scopeCatalogue: ScopeCatalogue,
  ) {}

  // ---- clients ----

  async createClient(input: { name?: unknown; redirectUris?: unknown; confidential?: boolean; source: 'dynamic' | 'admin' }): Promise<ClientView> {
    const raw = input.redirectUris;
    const max = CLIENT_LIMITS.redirectUris;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > max) throw new OAuthError('invalid_redirect_uri', `redirect_uris must list 1 to ${max} URIs`);
    const uris: string[] = [];
    for (const u of raw) {
      const r = checkRedirectUri(u);
      if ('problem' in r) throw new OAuthError('invalid_redirect_uri', `redirect_uri ${JSON.stringify(String(u).slice(0, 100))} ${r.problem}`);
      uris.push(r.uri);
    }
    if (input.name !== undefined && (typeof input.name !== 'string' || input.name.length > CLIENT_LIMITS.nameLength)) {
      throw new OAuthError('invalid_client_metadata', `client_name must be a string of at most ${CLIENT_LIMITS.nameLength} characters`);
    }
    const name = (typeof input.name === 'string' && input.name.trim()) || 'Unnamed client';
    const secret = input.confidential ? `zoop_cs_${randomBytes(32).toString('base64url')}` : undefined;
    const row = await this.ds.getRepository(OAuthClient).save({
      name,
      redirectUris: [...new Set(uris)],
      secretHash: secret ? sha256(secret) : null,
      source: input.source,
    });
    return {
      client_id: row.id,
      ...(secret ? { client_secret: secret } : {}),
      client_name: row.name,
      redirect_uris: row.redirectUris,
      token_endpoint_auth_method: secret ? 'client_secret_basic' : 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
    };
  }

  /** Dynamically registered clients nobody ever approved, older than OAUTH_UNUSED_CLIENT_TTL_HOURS, are deleted. */
  async purgeUnusedClients(): Promise<number> {
    const [, deleted] = await this.ds.query(`DELETE FROM oauth_clients WHERE source = 'dynamic' AND last_used_at IS NULL AND created_at < now() - make_interval(hours => $1)`, [
      this.config.oauthUnusedClientTtlHours,
    ]);
    return deleted;
  }

  /** The registered redirect URI a request's redirect_uri names (compared in canonical form), or null. */
  registeredRedirectUri(client: OAuthClient, requested: string | undefined): string | null {
    if (requested === undefined) return client.redirectUris.length === 1 ? client.redirectUris[0] : null;
    const canonical = canonicalRedirectUri(requested);
    return canonical && client.redirectUris.includes(canonical) ? canonical : null;
  }

  async findClient(clientId: unknown): Promise<OAuthClient | null> {
    if (typeof clientId !== 'string' || !UUID.test(clientId)) return null;
    return this.ds.getRepository(OAuthClient).findOneBy({ id: clientId });
  }

  /** Client authentication at the token and revocation endpoints (none, client_secret_basic, client_secret_post). */
  async authenticateClient(body: Record<string, string>, authorization: string | undefined): Promise<OAuthClient> {
    let clientId = body.client_id;
    let secret = body.client_secret;
    const basic = /^basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw new OAuthError('invalid_client', 'malformed Basic credentials', 401);
      clientId = decodeURIComponent(decoded.slice(0, i));
      secret = decodeURIComponent(decoded.slice(i + 1));
    }
    const client = await this.findClient(clientId);
    if (!client) throw new OAuthError('invalid_client', 'unknown client', 401);
    if (client.secretHash) {
      if (!secret || !timingSafeEqual(sha256(secret), client.secretHash)) throw new OAuthError('invalid_client', 'client authentication failed', 401);
    }
    return client;
  }

  // ---- users ----

  /** Sets a user's password and revokes every grant the user gave with the old one. */
  async setPassword(userId: string, password: string): Promise<{ id: string; password_set: true }> {
    const user = UUID.test(userId) ? await this.ds.getRepository(User).findOneBy({ id: userId }) : null;
    if (!user) throw NotFound('user', userId);
    if (typeof password !== 'string' || password.length < 8 || password.length > 1024) throw InvalidField('password', 'must be 8 to 1024 characters');
    const hash = await hashPassword(password);
    await this.ds.query(
      `INSERT INTO user_passwords (tenant_id, user_id, hash, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at`,
      [user.tenantId, user.id, hash],
    );
    await this.revokeGrants({ userId: user.id });
    return { id: user.id, password_set: true };
  }

  /**
   * Revokes every grant (refresh-token family, and so its access tokens) of a user or of a client,
   * and voids their unused authorization codes. Returns how many grants were revoked.
   */
  async revokeGrants(of: { userId: string } | { clientId: string }): Promise<number> {
    const id = 'userId' in of ? of.userId : of.clientId;
    if (!UUID.test(id)) return 0;
    const column = 'userId' in of ? 'user_id' : 'client_id';
    return this.ds.transaction(async (em) => {
      await em.query(`UPDATE oauth_authorization_codes SET used_at = now() WHERE ${column} = $1 AND used_at IS NULL`, [id]);
      // TypeORM answers an UPDATE … RETURNING with [rows, count]
      const [rows]: [{ family_id: string }[], number] = await em.query(
        `UPDATE oauth_refresh_tokens SET revoked_at = now() WHERE ${column} = $1 AND revoked_at IS NULL RETURNING family_id`,
        [id],
      );
      return new Set(rows.map((r) => r.family_id)).size;
    });
  }

  // ---- scopes ----

  /** Requested scopes (space separated); none means every scope. Unknown names are an error. */
  parseScopes(raw: string | undefined): string[] {
    const names = (raw ?? '').split(' ').filter(Boolean);
    if (!names.length) return [...this.scopeCatalogue.scopes];
    const unknown = names.filter((n) => !this.scopeCatalogue.isScope(n));
    if (unknown.length) throw new OAuthError('invalid_scope', `unknown scope: ${unknown.join(' ')}`);
    return [...new Set(names)];
  }

  /** The requested scopes this user's role lets them grant (src/auth/roles.ts). */
  grantable(user: Pick<User, 'role'>, scopes: string[]): string[] {
    return grantableScopes(user.role, scopes, this.scopeCatalogue.scopes);
  }

  // ---- codes and tokens ----

  async issueCode(input: { user: User; clientId: string; redirectUri: string; scopes: string[]; codeChallenge: string; resource: string }): Promise<string> {
    // housekeeping on each sign-in (a human step, so rare): codes live minutes; a refresh token long
    // expired no longer matters for reuse detection (its family's access tokens expired long ago)
    // (per tenant on Citus: no transaction across shards, deleteEachTenant)
    await deleteEachTenant(this.ds.manager, 'oauth_authorization_codes', 'c', `c.expires_at < now() - interval '1 day'`);
    await deleteEachTenant(this.ds.manager, 'oauth_refresh_tokens', 'r', `r.expires_at < now() - interval '1 day'`);
    await this.ds.query(`UPDATE oauth_clients SET last_used_at = now() WHERE id = $1`, [input.clientId]);
    const code = randomBytes(32).toString('base64url');
    await this.ds.getRepository(OAuthAuthorizationCode).save({
      tenantId: input.user.tenantId,
      userId: input.user.id,
      clientId: input.clientId,
      codeHash: sha256(code),
      redirectUri: input.redirectUri,
      scopes: input.scopes,
      codeChallenge: input.codeChallenge,
      resource: input.resource,
      familyId: randomUUID(),
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
      usedAt: null,
    });
    return code;
  }

  async exchangeCode(client: OAuthClient, body: Record<string, string>): Promise<TokenResponse> {
    if (!body.code) throw new OAuthError('invalid_request', 'code is required');
    if (!body.code_verifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE)');
    const result = await this.ds.transaction(async (em) => {
      const row = await lockedByHash(em, OAuthAuthorizationCode, { codeHash: sha256(body.code) });
      if (!row || row.clientId !== client.id) return new OAuthError('invalid_grant', 'the authorization code is invalid');
      if (row.usedAt) {
        // a replayed code: whatever it produced is revoked (OAuth 2.1 §4.1.3)
        await this.revokeFamily(em, row.tenantId, row.familyId);
        return new OAuthError('invalid_grant', 'the authorization code was already used');
      }
      await em.getRepository(OAuthAuthorizationCode).update({ tenantId: row.tenantId, id: row.id }, { usedAt: new Date() });
      if (row.expiresAt.getTime() < Date.now()) return new OAuthError('invalid_grant', 'the authorization code has expired');
      if (body.redirect_uri !== undefined && canonicalRedirectUri(body.redirect_uri) !== row.redirectUri)
        return new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
      if (row.resource !== this.keys.resource) return new OAuthError('invalid_grant', 'the authorization code was issued for another resource');
      const challenge = createHash('sha256').update(body.code_verifier).digest('base64url');
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(body.code_verifier) || challenge !== row.codeChallenge) {
        return new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
      }
      return this.issueTokens(em, {
        tenantId: row.tenantId,
        userId: row.userId,
        clientId: client.id,
        familyId: row.familyId,
        familyStartedAt: new Date(),
        scopes: row.scopes,
        resource: row.resource,
      });
    });
    if (result instanceof OAuthError) throw result;
    return result;
  }

  private grantEnds(familyStartedAt: Date) {
    return familyStartedAt.getTime() + this.config.oauthGrantMaxDays * DAY_MS;
  }

  async refresh(client: OAuthClient, body: Record<string, string>): Promise<TokenResponse> {
    if (!body.refresh_token) throw new OAuthError('invalid_request', 'refresh_token is required');
    const result = await this.ds.transaction(async (em) => {
      const row = await lockedByHash(em, OAuthRefreshToken, { tokenHash: sha256(body.refresh_token) });
      if (!row || row.clientId !== client.id || row.revokedAt) return new OAuthError('invalid_grant', 'the refresh token is invalid or revoked');
      if (row.usedAt) {
        // reuse of a rotated-out token: someone else holds a copy. The whole family goes.
        await this.revokeFamily(em, row.tenantId, row.familyId);
        return new OAuthError('invalid_grant', 'the refresh token was already used; its whole family is revoked');
      }
      if (row.expiresAt.getTime() < Date.now() || this.grantEnds(row.familyStartedAt) < Date.now()) return new OAuthError('invalid_grant', 'the refresh token has expired');
      // RFC 8707: a grant is for the resource it was issued for; another PUBLIC_URL is another resource
      if (row.resource !== this.keys.resource) return new OAuthError('invalid_grant', 'the refresh token was issued for another resource');
      // the user's role now (they may have been demoted since) bounds what the grant still gives
      const user = await em.getRepository(User).findOneBy({ tenantId: row.tenantId, id: row.userId });
      let scopes = user ? grantableScopes(user.role, row.scopes, this.scopeCatalogue.scopes) : [];
      if (!scopes.length) return new OAuthError('invalid_grant', 'the user can no longer grant any of these scopes');
      if (body.scope) {
        const asked = this.parseScopes(body.scope);
        if (asked.some((s) => !row.scopes.includes(s))) return new OAuthError('invalid_scope', 'a refresh cannot add scopes');
        scopes = asked.filter((s) => scopes.includes(s));
      }
      await em.getRepository(OAuthRefreshToken).update({ tenantId: row.tenantId, id: row.id }, { usedAt: new Date() });
      return this.issueTokens(em, {
        tenantId: row.tenantId,
        userId: row.userId,
        clientId: client.id,
        familyId: row.familyId,
        familyStartedAt: row.familyStartedAt,
        scopes,
        resource: row.resource,
      });
    });
    if (result instanceof OAuthError) throw result;
    return result;
  }

  private async issueTokens(
    em: EntityManager,
    g: { tenantId: string; userId: string; clientId: string; familyId: string; familyStartedAt: Date; scopes: string[]; resource: string },
  ): Promise<TokenResponse> {
    const refresh = `zoop_rt_${randomBytes(32).toString('base64url')}`;
    await em.getRepository(OAuthRefreshToken).save({
      tenantId: g.tenantId,
      userId: g.userId,
      clientId: g.clientId,
      familyId: g.familyId,
      tokenHash: sha256(refresh),
      scopes: g.scopes,
      resource: g.resource,
      familyStartedAt: g.familyStartedAt,
      expiresAt: new Date(Math.min(Date.now() + REFRESH_TTL_MS, this.grantEnds(g.familyStartedAt))),
      usedAt: null,
      revokedAt: null,
    });
    const scope = g.scopes.join(' ');
    const { token, expiresIn } = await this.keys.sign({ sub: g.userId, tenant_id: g.tenantId, scope, client_id: g.clientId, sid: g.familyId });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, refresh_token: refresh, scope };
  }

  /** Revokes a refresh family; returns how many of its tokens were still live. */
  private async revokeFamily(em: EntityManager, tenantId: string, familyId: string): Promise<number> {
    const { affected } = await em.getRepository(OAuthRefreshToken).update({ tenantId, familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    for (const listener of this.familyRevoked) listener(familyId);
    return affected ?? 0;
  }

  /** RFC 7009: a refresh token revokes its family; an access token of ours revokes its family too. Unknown tokens are ignored. */
  async revoke(client: OAuthClient, token: string | undefined): Promise<void> {
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    const row = await this.ds.getRepository(OAuthRefreshToken).findOneBy({ tokenHash: sha256(token) });
    if (row) {
      if (row.clientId === client.id) await this.revokeFamily(this.ds.manager, row.tenantId, row.familyId);
      return;
    }
    const claims = await this.keys.verify(token);
    if (claims && claims.client_id === client.id) await this.revokeFamily(this.ds.manager, claims.tenant_id, claims.sid);
  }

  /** Whether an access token's grant still stands: the user exists and its family is not revoked. */
  async grantActive(claims: { tenant_id: string; sub: string; sid: string }): Promise<boolean> {
    if (![claims.tenant_id, claims.sub, claims.sid].every((v) => typeof v === 'string' && UUID.test(v))) return false;
    const [r] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2) AS user_ok,
              EXISTS (SELECT 1 FROM oauth_refresh_tokens WHERE tenant_id = $1 AND family_id = $3 AND revoked_at IS NOT NULL) AS revoked`,
      [claims.tenant_id, claims.sub, claims.sid],
    );
    return r.user_ok && !r.revoked;
  }

  // ---- grants (the settings page's "connected apps") ----

  /**
   * The grants a tenant's users gave to apps and that still stand: one per refresh family, with the
   * scopes of its newest refresh token, when it was granted and when it was last used (refreshed).
   */
  async grants(tenantId: string): Promise<GrantView[]> {
    if (!UUID.test(tenantId)) return [];
    const rows: any[] = await this.ds.query(
      `SELECT g.family_id, g.client_id, c.name AS client_name, g.user_id, u.email AS user_email, g.scopes, g.granted_at, g.last_used_at
         FROM (SELECT DISTINCT ON (r.family_id) r.family_id, r.client_id, r.user_id, r.scopes, r.expires_at,
                      r.created_at AS last_used_at, min(r.created_at) OVER (PARTITION BY r.family_id) AS granted_at,
                      bool_or(r.revoked_at IS NOT NULL) OVER (PARTITION BY r.family_id) AS revoked
                 FROM oauth_refresh_tokens r WHERE r.tenant_id = $1
                ORDER BY r.family_id, r.created_at DESC) g
         JOIN oauth_clients c ON c.id = g.client_id
         JOIN users u ON u.tenant_id = $1 AND u.id = g.user_id
        WHERE NOT g.revoked AND g.expires_at > now()
        ORDER BY c.name, u.email, g.granted_at LIMIT 500`,
      [tenantId],
    );
    return rows.map((r) => ({
      family_id: r.family_id,
      client_id: r.client_id,
      client_name: r.client_name,
      user_id: r.user_id,
      user_email: r.user_email,
      scopes: r.scopes,
      granted_at: r.granted_at.toISOString(),
      last_used_at: r.last_used_at.toISOString(),
    }));
  }

  /** Revokes a grant of this tenant: its refresh tokens and its access tokens stop working at once. */
  async revokeGrant(tenantId: string, familyId: string, by: { auditAs: AdminActor; requestId: string }): Promise<void> {
    if (!UUID.test(tenantId) || !UUID.test(familyId)) throw NotFound('connected app', familyId);
    await this.ds.transaction(async (em) => {
      const row = await em.getRepository(OAuthRefreshToken).findOne({ where: { tenantId, familyId }, select: { id: true, clientId: true, userId: true } });
      if (!row) throw NotFound('connected app', familyId);
      if (await this.revokeFamily(em, tenantId, familyId)) {
        await this.audit.recordAdmin(em, {
          tenantId,
          actor: by.auditAs,
          tool: 'oauth_grants.revoke',
          targetId: familyId,
          changes: { client_id: row.clientId, user_id: row.userId },
          requestId: by.requestId,
        });
      }
    });
  }
}

export interface GrantView {
  family_id: string;
  client_id: string;
  client_name: string;
  user_id: string;
  user_email: string;
  scopes: string[];
  granted_at: string;
  last_used_at: string;
}
