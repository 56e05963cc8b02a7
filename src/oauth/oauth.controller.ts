import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { pageSecurityHeaders } from '../common/html';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { PARSE_ERROR, UNSUPPORTED_MEDIA } from '../mcp/body-parsers';
import { consentPage, errorPage } from './consent-page';
import { csrfValid, issueCsrfToken } from './csrf';
import { OAuthClient } from './oauth-client.entity';
import { OAuthError } from './oauth-errors';
import { OAuthService } from './oauth.service';
import { RateLimitService, rateLimitMessage } from '../ops/rate-limit/rate-limit.service';
import { RegistrationLimiter } from './registration-limiter';
import { SignInService } from './sign-in.service';

type Params = Record<string, string>;
const FLOW_FIELDS = ['client_id', 'redirect_uri', 'response_type', 'code_challenge', 'code_challenge_method', 'state', 'scope', 'resource'] as const;
/** Client metadata larger than this (as JSON) is refused before anything else is looked at. */
const METADATA_MAX_BYTES = 8 * 1024;

/** Only single string values: a repeated or structured parameter is dropped (RFC 6749 §3.1). */
function params(raw: unknown): Params {
  const out: Params = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Validated authorization request: a client and a redirect URI it registered, or an error page (never a redirect). */
type Flow = { ok: true; client: OAuthClient; redirectUri: string; p: Params; scopes: string[] } | { ok: false; page: string } | { ok: false; redirect: string };

/**
 * The authorization server (OAuth 2.1 + PKCE as the MCP specification's authorization section asks):
 * discovery metadata (RFC 9728, RFC 8414), JWKS, dynamic registration (RFC 7591), the sign-in and
 * consent page, the token endpoint and revocation (RFC 7009).
 */
@Controller()
export class OAuthController {
  private readonly registrations: RegistrationLimiter;

  constructor(
    private readonly oauth: OAuthService,
    private readonly signIn: SignInService,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly rateLimit: RateLimitService,
    private readonly scopeCatalogue: ScopeCatalogue,
  ) {
    this.registrations = new RegistrationLimiter(config.oauthRegistrationsPerHour);
  }

  private get base() {
    return this.config.publicUrl;
  }
  private get resource() {
    return `${this.config.publicUrl}/api/mcp`;
  }

  // ---- discovery ----

  private protectedResource(resource = this.resource) {
    return {
      resource,
      authorization_servers: [this.base],
      scopes_supported: this.scopeCatalogue.scopes,
      bearer_methods_supported: ['header'],
      resource_name: 'Zoop',
    };
  }

  // RFC 9728 §3.3: the metadata's `resource` is the identifier its well-known URL was formed from;
  // at the root that is the server itself (the MCP endpoint's own metadata names /api/mcp)
  @Get('.well-known/oauth-protected-resource')
  protectedResourceRoot() {
    return this.protectedResource(this.base);
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
      scopes_supported: this.scopeCatalogue.scopes,
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
    if (JSON.stringify(body).length > METADATA_MAX_BYTES) {
      return reply.code(400).send({ error: 'invalid_client_metadata', error_description: `client metadata must be at most ${METADATA_MAX_BYTES} bytes` });
    }
    try {
      const method = body.token_endpoint_auth_method ?? 'none';
      if (!['none', 'client_secret_basic', 'client_secret_post'].includes(method))
        throw new OAuthError('invalid_client_metadata', `unsupported token_endpoint_auth_method ${method}`);
      const grants: unknown = body.grant_types ?? ['authorization_code', 'refresh_token'];
      if (!Array.isArray(grants) || grants.some((g) => !['authorization_code', 'refresh_token'].includes(g))) {
        throw new OAuthError('invalid_client_metadata', 'grant_types may only list authorization_code and refresh_token');
      }
      const responses: unknown = body.response_types ?? ['code'];
      if (!Array.isArray(responses) || responses.some((r) => r !== 'code')) throw new OAuthError('invalid_client_metadata', 'response_types may only list code');
      const wait = this.registrations.hit(req.ip);
      if (wait !== null) {
        reply.header('retry-after', String(wait));
        throw new OAuthError('too_many_requests', `too many registrations from this address: retry after ${wait} seconds`, 429);
      }
      await this.oauth.purgeUnusedClients();
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
    const redirectUri = this.oauth.registeredRedirectUri(client, p.redirect_uri);
    if (!redirectUri) {
      return { ok: false, page: 'The redirect_uri is not one the application registered, so Zoop will not send you there.' };
    }
    // Errors before the user has seen the consent page go back to the client only when an operator
    // registered it (oauth:client:create): anyone can register a dynamic client with any https
    // redirect URI, which would make this endpoint an open redirector (RFC 9700 §4.11.2).
    const back = (error: string, description: string) =>
      client.source === 'dynamic'
        ? { ok: false as const, page: `The application sent an invalid request (${error}: ${description}).` }
        : { ok: false as const, redirect: this.redirectWith(redirectUri, { error, error_description: description, state: p.state }) };
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

  private csrfFields(p: Params) {
    return FLOW_FIELDS.map((f) => p[f] ?? null);
  }

  /**
   * Security headers of the HTML pages. The form may post only to this server; the redirect URI's
   * origin is allowed too because browsers (Chromium) apply form-action to the redirect that
   * answers the form, and that redirect goes back to the client.
   */
  private pageHeaders(reply: FastifyReply, redirectUri?: string) {
    const formAction = ["'self'", ...(redirectUri ? [new URL(redirectUri).origin] : [])].join(' ');
    pageSecurityHeaders(reply, `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action ${formAction}`);
  }

  private renderConsent(reply: FastifyReply, req: FastifyRequest, f: Extract<Flow, { ok: true }>, status: number, error?: string, email?: string) {
    const hidden: Params = {};
    for (const k of FLOW_FIELDS) if (f.p[k] !== undefined) hidden[k] = f.p[k];
    hidden.csrf_token = issueCsrfToken(req, reply, this.base, this.csrfFields(f.p));
    this.pageHeaders(reply, f.redirectUri);
    const page = consentPage({
      clientName: f.client.name,
      redirectHost: new URL(f.redirectUri).host,
      unverified: f.client.source === 'dynamic',
      scopes: f.scopes,
      hidden,
      error,
      email,
    });
    reply.code(status).type('text/html; charset=utf-8').send(page);
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
    if (!csrfValid(req, this.base, this.csrfFields(p), p.csrf_token)) {
      this.pageHeaders(reply);
      return reply.code(403).type('text/html; charset=utf-8').send(errorPage('The form has expired or did not come from this page. Go back to the application and start again.'));
    }
    if (p.decision !== 'approve') {
      return reply.redirect(this.redirectWith(f.redirectUri, { error: 'access_denied', error_description: 'the user denied the request', state: p.state }), 302);
    }
    const signIn = await this.signIn.attempt({ email: p.email, password: p.password, address: req.ip });
    if (!signIn.ok && signIn.reason === 'throttled') {
      reply.header('retry-after', String(signIn.retryAfterSeconds));
      const minutes = Math.ceil(signIn.retryAfterSeconds / 60);
      return this.renderConsent(reply, req, f, 429, `Too many failed sign-ins. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, p.email);
    }
    if (!signIn.ok) return this.renderConsent(reply, req, f, 401, 'Wrong email or password.', p.email);
    // the role bounds what a user can grant: the rest of the request is left out (the token
    // response's `scope` says what was granted, RFC 6749 §3.3)
    const scopes = this.oauth.grantable(signIn.user, f.scopes);
    if (!scopes.length) {
      return this.renderConsent(reply, req, f, 403, `Your role (${signIn.user.role}) cannot grant any of these permissions. Ask an owner of your Zoop account.`, p.email);
    }
    const code = await this.oauth.issueCode({
      user: signIn.user,
      clientId: f.client.id,
      redirectUri: f.redirectUri,
      scopes,
      codeChallenge: p.code_challenge,
      resource: this.resource,
    });
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
      if (wait !== null)
        return reply
          .code(429)
          .header('retry-after', String(wait))
          .send({ error: 'rate_limited', error_description: rateLimitMessage(wait) });
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
      if (err.status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
      return reply.code(err.status).send({ error: err.error, error_description: err.description });
    }
    throw err;
  }
}
