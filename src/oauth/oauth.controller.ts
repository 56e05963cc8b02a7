import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALL_SCOPES } from '../auth/scopes';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { PARSE_ERROR, UNSUPPORTED_MEDIA } from '../mcp/body-parsers';
import { consentPage, errorPage } from './consent-page';
import { OAuthClient } from './oauth-client.entity';
import { OAuthError } from './oauth-errors';
import { OAuthService } from './oauth.service';
import { RateLimitService, rateLimitMessage } from '../ops/rate-limit/rate-limit.service';

type Params = Record<string, string>;
const CSRF_COOKIE = 'zoop_oauth_csrf';
const FLOW_FIELDS = ['client_id', 'redirect_uri', 'response_type', 'code_challenge', 'code_challenge_method', 'state', 'scope', 'resource'] as const;

/** Only single string values: a repeated or structured parameter is dropped (RFC 6749 §3.1). */
function params(raw: unknown): Params {
  const out: Params = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Validated authorization request: a client and a redirect URI it registered, or an error page (never a redirect). */
type Flow =
  | { ok: true; client: OAuthClient; redirectUri: string; p: Params; scopes: string[] }
  | { ok: false; page: string }
  | { ok: false; redirect: string };

/**
 * The authorization server (OAuth 2.1 + PKCE as the MCP specification's authorization section asks):
 * discovery metadata (RFC 9728, RFC 8414), JWKS, dynamic registration (RFC 7591), the sign-in and
 * consent page, the token endpoint and revocation (RFC 7009).
 */
/** Failed sign-ins per email (per process): 10 in 15 minutes lock the email for the rest of the window. */
class SignInFailures {
  private readonly windowMs = 15 * 60_000;
  private readonly max = 10;
  private readonly seen = new Map<string, number[]>();
  private recent(email: string) {
    const now = Date.now();
    const list = (this.seen.get(email) ?? []).filter((at) => now - at < this.windowMs);
    if (list.length) this.seen.set(email, list);
    else this.seen.delete(email);
    return list;
  }
  blocked(email: string) {
    return this.recent(email).length >= this.max;
  }
  fail(email: string) {
    if (this.seen.size > 100_000) this.seen.clear(); // bounded memory
    this.seen.set(email, [...this.recent(email), Date.now()]);
  }
  clear(email: string) {
    this.seen.delete(email);
  }
}

@Controller()
export class OAuthController {
  private readonly failures = new SignInFailures();

  constructor(
    private readonly oauth: OAuthService,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly rateLimit: RateLimitService,
  ) {}

  private get base() {
    return this.config.publicUrl;
  }
  private get resource() {
    return `${this.config.publicUrl}/api/mcp`;
  }

  // ---- discovery ----

  private protectedResource() {
    return {
      resource: this.resource,
      authorization_servers: [this.base],
      scopes_supported: ALL_SCOPES,
      bearer_methods_supported: ['header'],
      resource_name: 'Zoop',
    };
  }

  @Get('.well-known/oauth-protected-resource')
  protectedResourceRoot() {
    return this.protectedResource();
  }

  @Get('.well-known/oauth-protected-resource/api/mcp')
  protectedResourceMcp() {
    return this.protectedResource();
  }

  @Get('.well-known/oauth-authorization-server')
  authorizationServer() {
    return {
      issuer: this.base,
      authorization_endpoint: `${this.base}/oauth/authorize`,
      token_endpoint: `${this.base}/oauth/token`,
      registration_endpoint: `${this.base}/oauth/register`,
      revocation_endpoint: `${this.base}/oauth/revoke`,
      jwks_uri: `${this.base}/oauth/jwks`,
      scopes_supported: ALL_SCOPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  @Get('oauth/jwks')
  async jwks(@Res() reply: FastifyReply) {
    reply.header('cache-control', 'public, max-age=60').send(await this.oauth.keys.publicJwks());
  }

  // ---- registration ----

  @Post('oauth/register')
  async register(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const body = req.body as any;
    if (!body || typeof body !== 'object' || body === PARSE_ERROR || body === UNSUPPORTED_MEDIA || Array.isArray(body)) {
      return reply.code(400).send({ error: 'invalid_client_metadata', error_description: 'send the client metadata as a JSON object' });
    }
    try {
      const method = body.token_endpoint_auth_method ?? 'none';
      if (!['none', 'client_secret_basic', 'client_secret_post'].includes(method)) throw new OAuthError('invalid_client_metadata', `unsupported token_endpoint_auth_method ${method}`);
      const grants: unknown = body.grant_types ?? ['authorization_code', 'refresh_token'];
      if (!Array.isArray(grants) || grants.some((g) => !['authorization_code', 'refresh_token'].includes(g))) {
        throw new OAuthError('invalid_client_metadata', 'grant_types may only list authorization_code and refresh_token');
      }
      const responses: unknown = body.response_types ?? ['code'];
      if (!Array.isArray(responses) || responses.some((r) => r !== 'code')) throw new OAuthError('invalid_client_metadata', 'response_types may only list code');
      const client = await this.oauth.createClient({ name: body.client_name, redirectUris: body.redirect_uris, confidential: method !== 'none', source: 'dynamic' });
      return reply.code(201).send({ ...client, token_endpoint_auth_method: method });
    } catch (err) {
      return this.oauthError(reply, err);
    }
  }

  // ---- authorize ----

  private async flow(p: Params): Promise<Flow> {
    const client = await this.oauth.findClient(p.client_id);
    if (!client) return { ok: false, page: 'Unknown client_id: the application asking for access is not registered with Zoop.' };
    let redirectUri = p.redirect_uri;
    if (!redirectUri && client.redirectUris.length === 1) redirectUri = client.redirectUris[0];
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return { ok: false, page: 'The redirect_uri is not one the application registered, so Zoop will not send you there.' };
    }
    const back = (error: string, description: string) => ({ ok: false as const, redirect: this.redirectWith(redirectUri!, { error, error_description: description, state: p.state }) });
    if (p.response_type !== 'code') return back('unsupported_response_type', 'response_type must be code');
    if (!p.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge)) return back('invalid_request', 'PKCE is required: send a code_challenge (S256)');
    if (p.code_challenge_method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256');
    if (p.resource !== undefined && p.resource.replace(/\/+$/, '') !== this.resource) return back('invalid_target', `resource must be ${this.resource}`);
    let scopes: string[];
    try {
      scopes = this.oauth.parseScopes(p.scope);
    } catch (err) {
      return back('invalid_scope', (err as Error).message);
    }
    return { ok: true, client, redirectUri, p, scopes };
  }

  private redirectWith(uri: string, q: Record<string, string | undefined>) {
    const u = new URL(uri);
    for (const [k, v] of Object.entries({ ...q, iss: this.base })) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  private csrfFor(secret: string, p: Params) {
    return createHmac('sha256', secret)
      .update(JSON.stringify(FLOW_FIELDS.map((f) => p[f] ?? null)))
      .digest('base64url');
  }

  private pageHeaders(reply: FastifyReply) {
    reply
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff');
  }

  private renderConsent(reply: FastifyReply, req: FastifyRequest, f: Extract<Flow, { ok: true }>, status: number, error?: string, email?: string) {
    let secret = cookie(req, CSRF_COOKIE);
    if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
      secret = randomBytes(32).toString('base64url');
      const secure = this.base.startsWith('https:') ? '; Secure' : '';
      reply.header('set-cookie', `${CSRF_COOKIE}=${secret}; Path=/oauth; HttpOnly; SameSite=Strict; Max-Age=1800${secure}`);
    }
    const hidden: Params = {};
    for (const k of FLOW_FIELDS) if (f.p[k] !== undefined) hidden[k] = f.p[k];
    hidden.csrf_token = this.csrfFor(secret, f.p);
    this.pageHeaders(reply);
    reply.code(status).type('text/html; charset=utf-8').send(consentPage({ clientName: f.client.name, scopes: f.scopes, hidden, error, email }));
  }

  @Get('oauth/authorize')
  async authorizeGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const f = await this.flow(params(req.query));
    if (!f.ok) return this.flowFailure(reply, f);
    this.renderConsent(reply, req, f, 200);
  }

  @Post('oauth/authorize')
  async authorizePost(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const p = params(req.body);
    const f = await this.flow(p);
    if (!f.ok) return this.flowFailure(reply, f);
    const secret = cookie(req, CSRF_COOKIE);
    const expected = secret ? Buffer.from(this.csrfFor(secret, p)) : undefined;
    const given = Buffer.from(p.csrf_token ?? '');
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      this.pageHeaders(reply);
      return reply.code(403).type('text/html; charset=utf-8').send(errorPage('The form has expired or did not come from this page. Go back to the application and start again.'));
    }
    if (p.decision !== 'approve') {
      return reply.redirect(this.redirectWith(f.redirectUri, { error: 'access_denied', error_description: 'the user denied the request', state: p.state }), 302);
    }
    const email = (p.email ?? '').trim().toLowerCase();
    if (this.failures.blocked(email)) return this.renderConsent(reply, req, f, 429, 'Too many failed sign-ins for this email. Wait 15 minutes and try again.', p.email);
    const user = await this.oauth.signIn(email, p.password ?? '');
    if (!user) {
      this.failures.fail(email);
      return this.renderConsent(reply, req, f, 401, 'Wrong email or password.', p.email);
    }
    this.failures.clear(email);
    const code = await this.oauth.issueCode({ user, clientId: f.client.id, redirectUri: f.redirectUri, scopes: f.scopes, codeChallenge: p.code_challenge, resource: this.resource });
    return reply.redirect(this.redirectWith(f.redirectUri, { code, state: p.state }), 302);
  }

  private flowFailure(reply: FastifyReply, f: Exclude<Flow, { ok: true }>) {
    if ('redirect' in f) return reply.redirect(f.redirect, 302);
    this.pageHeaders(reply);
    return reply.code(400).type('text/html; charset=utf-8').send(errorPage(f.page));
  }

  // ---- token and revocation ----

  @Post('oauth/token')
  async token(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      if (req.body === UNSUPPORTED_MEDIA) throw new OAuthError('invalid_request', 'send application/x-www-form-urlencoded');
      const body = params(req.body);
      const wait = await this.rateLimit.hitTokenEndpoint(req.ip, body.client_id);
      if (wait !== null) return reply.code(429).header('retry-after', String(wait)).send({ error: 'rate_limited', error_description: rateLimitMessage(wait) });
      const client = await this.oauth.authenticateClient(body, req.headers.authorization);
      // RFC 8707: tokens are only ever for this MCP server
      if (body.resource !== undefined && body.resource.replace(/\/+$/, '') !== this.resource) throw new OAuthError('invalid_target', `resource must be ${this.resource}`);
      if (body.grant_type === 'authorization_code') return reply.code(200).send(await this.oauth.exchangeCode(client, body));
      if (body.grant_type === 'refresh_token') return reply.code(200).send(await this.oauth.refresh(client, body));
      throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    } catch (err) {
      return this.oauthError(reply, err);
    }
  }

  @Post('oauth/revoke')
  @HttpCode(200)
  async revoke(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    try {
      const body = params(req.body);
      const client = await this.oauth.authenticateClient(body, req.headers.authorization);
      await this.oauth.revoke(client, body.token);
      return reply.code(200).send({});
    } catch (err) {
      return this.oauthError(reply, err);
    }
  }

  private oauthError(reply: FastifyReply, err: unknown) {
    if (err instanceof OAuthError) {
      if (err.status === 401) reply.header('www-authenticate', 'Basic realm="zoop"');
      return reply.code(err.status).send({ error: err.error, error_description: err.description });
    }
    throw err;
  }
}
