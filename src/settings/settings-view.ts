import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageSecurityHeaders, readCookie } from '../common/html';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from './owner-session.guard';
import { SESSION_MAX_MS, SettingsSessions } from './settings-sessions.service';
import { signInPage } from './settings-pages';

/** The consent page's headers, with a policy that lets the page load its own style sheet and script and nothing else. */
export const SETTINGS_CSP = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const cookieAttrs = (sameSite: 'Lax' | 'Strict', maxAgeS: number) => `Path=/; Secure; HttpOnly; SameSite=${sameSite}; Max-Age=${maxAgeS}`;

/** Sends settings pages and sets their cookies. */
@Injectable()
export class SettingsView {
  constructor(
    private readonly sessions: SettingsSessions,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}

  get mcpUrl() {
    return `${this.config.publicUrl}/api/mcp`;
  }

  send(reply: FastifyReply, status: number, html: string) {
    pageSecurityHeaders(reply, SETTINGS_CSP);
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  /** The sign-in form, bound to a pre-session secret cookie (SameSite=Strict) by its CSRF token. */
  signIn(req: FastifyRequest, reply: FastifyReply, status: number, p: { error?: string; email?: string; notice?: string } = {}) {
    let secret = readCookie(req.headers.cookie, SIGN_IN_COOKIE);
    if (!this.sessions.isSecret(secret)) {
      secret = this.sessions.newSecret();
      reply.header('set-cookie', `${SIGN_IN_COOKIE}=${secret}; ${cookieAttrs('Strict', 1800)}`);
    }
    return this.send(reply, status, signInPage({ ...p, csrf: this.sessions.signInCsrf(secret) }));
  }

  /** Lax, so a link to the page from elsewhere (a top-level GET) still finds the session; posts from elsewhere carry no cookie. */
  setSession(reply: FastifyReply, token: string) {
    reply.header('set-cookie', [`${SESSION_COOKIE}=${token}; ${cookieAttrs('Lax', SESSION_MAX_MS / 1000)}`, `${SIGN_IN_COOKIE}=; ${cookieAttrs('Strict', 0)}`]);
  }

  clearSession(reply: FastifyReply) {
    reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttrs('Lax', 0)}`);
  }
}
