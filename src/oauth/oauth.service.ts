import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ALL_SCOPES, isScope } from '../auth/scopes';
import { InvalidField, NotFound } from '../common/errors';
import { User } from '../tenancy/user.entity';
import { OAuthClient } from './oauth-client.entity';
import { OAuthAuthorizationCode } from './oauth-authorization-code.entity';
import { OAuthRefreshToken } from './oauth-refresh-token.entity';
import { OAuthError } from './oauth-errors';
import { hashPassword, verifyPassword } from './password';
import { redirectUriProblem } from './redirect-uri';
import { SigningKeysService } from './signing-keys.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_TTL_MS = 120_000;
const REFRESH_TTL_MS = 30 * 86_400_000;

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
@Injectable()
export class OAuthService {
  /** told every refresh family this process revokes (the token verifier forgets its access tokens at once) */
  readonly familyRevoked = new Set<(familyId: string) => void>();
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    readonly keys: SigningKeysService,
  ) {}

  // ---- clients ----

  async createClient(input: { name?: unknown; redirectUris?: unknown; confidential?: boolean; source: 'dynamic' | 'admin' }): Promise<ClientView> {
    const uris = input.redirectUris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.length > 20) throw new OAuthError('invalid_redirect_uri', 'redirect_uris must list 1 to 20 URIs');
    for (const u of uris) {
      const problem = redirectUriProblem(u);
      if (problem) throw new OAuthError('invalid_redirect_uri', `redirect_uri ${JSON.stringify(u)} ${problem}`);
    }
    if (input.name !== undefined && (typeof input.name !== 'string' || input.name.length > 200)) {
      throw new OAuthError('invalid_client_metadata', 'client_name must be a string of at most 200 characters');
    }
    const name = (typeof input.name === 'string' && input.name.trim()) || 'Unnamed client';
    const secret = input.confidential ? `zoop_cs_${randomBytes(32).toString('base64url')}` : undefined;
    const row = await this.ds.getRepository(OAuthClient).save({
      name,
      redirectUris: [...new Set(uris as string[])],
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

  async setPassword(userId: string, password: string): Promise<{ id: string; password_set: true }> {
    const user = UUID.test(userId) ? await this.ds.getRepository(User).findOneBy({ id: userId }) : null;
    if (!user) throw NotFound('user', userId);
    if (typeof password !== 'string' || password.length < 8 || password.length > 1024) throw InvalidField('password', 'must be 8 to 1024 characters');
    const hash = await hashPassword(password);
    await this.ds.query(
      `INSERT INTO user_passwords (tenant_id, user_id, hash) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET hash = EXCLUDED.hash, updated_at = now()`,
      [user.tenantId, user.id, hash],
    );
    return { id: user.id, password_set: true };
  }

  /** The user an email + password signs in as, or null. An email may exist in several tenants: the first whose password matches. */
  async signIn(email: string, password: string): Promise<User | null> {
    const rows: { id: string; tenant_id: string; hash: string }[] = await this.ds.query(
      `SELECT u.id, u.tenant_id, p.hash FROM users u JOIN user_passwords p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
        WHERE u.email = $1 ORDER BY u.created_at LIMIT 20`,
      [String(email ?? '').trim().toLowerCase()],
    );
    for (const r of rows) {
      if (await verifyPassword(String(password ?? ''), r.hash)) return this.ds.getRepository(User).findOneByOrFail({ tenantId: r.tenant_id, id: r.id });
    }
    return null;
  }

  // ---- scopes ----

  /** Requested scopes (space separated); none means every scope. Unknown names are an error. */
  parseScopes(raw: string | undefined): string[] {
    const names = (raw ?? '').split(' ').filter(Boolean);
    if (!names.length) return [...ALL_SCOPES];
    const unknown = names.filter((n) => !isScope(n));
    if (unknown.length) throw new OAuthError('invalid_scope', `unknown scope: ${unknown.join(' ')}`);
    return [...new Set(names)];
  }

  // ---- codes and tokens ----

  async issueCode(input: { user: User; clientId: string; redirectUri: string; scopes: string[]; codeChallenge: string; resource: string }): Promise<string> {
    // housekeeping on each sign-in (a human step, so rare): codes live minutes; a refresh token long
    // expired no longer matters for reuse detection (its family's access tokens expired long ago)
    await this.ds.query(`DELETE FROM oauth_authorization_codes WHERE expires_at < now() - interval '1 day'`);
    await this.ds.query(`DELETE FROM oauth_refresh_tokens WHERE expires_at < now() - interval '1 day'`);
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
      const row = await em.getRepository(OAuthAuthorizationCode).findOne({ where: { codeHash: sha256(body.code) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.clientId !== client.id) return new OAuthError('invalid_grant', 'the authorization code is invalid');
      if (row.usedAt) {
        // a replayed code: whatever it produced is revoked (OAuth 2.1 §4.1.3)
        await this.revokeFamily(em, row.tenantId, row.familyId);
        return new OAuthError('invalid_grant', 'the authorization code was already used');
      }
      await em.getRepository(OAuthAuthorizationCode).update({ id: row.id }, { usedAt: new Date() });
      if (row.expiresAt.getTime() < Date.now()) return new OAuthError('invalid_grant', 'the authorization code has expired');
      if (body.redirect_uri !== undefined && body.redirect_uri !== row.redirectUri) return new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
      const challenge = createHash('sha256').update(body.code_verifier).digest('base64url');
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(body.code_verifier) || challenge !== row.codeChallenge) {
        return new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
      }
      return this.issueTokens(em, { tenantId: row.tenantId, userId: row.userId, clientId: client.id, familyId: row.familyId, scopes: row.scopes, resource: row.resource });
    });
    if (result instanceof OAuthError) throw result;
    return result;
  }

  async refresh(client: OAuthClient, body: Record<string, string>): Promise<TokenResponse> {
    if (!body.refresh_token) throw new OAuthError('invalid_request', 'refresh_token is required');
    const result = await this.ds.transaction(async (em) => {
      const row = await em.getRepository(OAuthRefreshToken).findOne({ where: { tokenHash: sha256(body.refresh_token) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.clientId !== client.id || row.revokedAt) return new OAuthError('invalid_grant', 'the refresh token is invalid or revoked');
      if (row.usedAt) {
        // reuse of a rotated-out token: someone else holds a copy. The whole family goes.
        await this.revokeFamily(em, row.tenantId, row.familyId);
        return new OAuthError('invalid_grant', 'the refresh token was already used; its whole family is revoked');
      }
      if (row.expiresAt.getTime() < Date.now()) return new OAuthError('invalid_grant', 'the refresh token has expired');
      let scopes = row.scopes;
      if (body.scope) {
        const asked = this.parseScopes(body.scope);
        if (asked.some((s) => !row.scopes.includes(s))) return new OAuthError('invalid_scope', 'a refresh cannot add scopes');
        scopes = asked;
      }
      await em.getRepository(OAuthRefreshToken).update({ id: row.id }, { usedAt: new Date() });
      return this.issueTokens(em, { tenantId: row.tenantId, userId: row.userId, clientId: client.id, familyId: row.familyId, scopes, resource: row.resource });
    });
    if (result instanceof OAuthError) throw result;
    return result;
  }

  private async issueTokens(
    em: EntityManager,
    g: { tenantId: string; userId: string; clientId: string; familyId: string; scopes: string[]; resource: string },
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
      expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
      usedAt: null,
      revokedAt: null,
    });
    const scope = g.scopes.join(' ');
    const { token, expiresIn } = await this.keys.sign({ sub: g.userId, tenant_id: g.tenantId, scope, client_id: g.clientId, sid: g.familyId });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, refresh_token: refresh, scope };
  }

  private async revokeFamily(em: EntityManager, tenantId: string, familyId: string) {
    await em.getRepository(OAuthRefreshToken).update({ tenantId, familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    for (const listener of this.familyRevoked) listener(familyId);
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
}
