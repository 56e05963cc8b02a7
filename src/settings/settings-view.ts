import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageSecurityHeaders } from '../common/html';
import { csrfValid, issueCsrfToken } from '../oauth/csrf';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { SESSION_COOKIE } from './owner-session.guard';
import { SESSION_MAX_MS } from './settings-sessions.service';
import { signInPage } from './settings-pages';

/** The consent page's headers, with a policy that lets the page load its own style sheet and script and nothing else. */
export const SETTINGS_CSP = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** What the sign-in form's CSRF token is bound to (it shares the consent page's cookie, not its fields). */
const SIGN_IN_FORM = ['settings-sign-in'];

const cookieAttrs = (sameSite: 'Lax' | 'Strict', maxAgeS: number) => `Path=/; Secure; HttpOnly; SameSite=${sameSite}; Max-Age=${maxAgeS}`;

/** Sends settings pages and sets their cookies. */
@Injectable()
export class SettingsView {
  constructor(@Inject(ZOOP_CONFIG) private readonly config: ZoopConfig) {}

  get mcpUrl() {
    return `${this.config.publicUrl}/api/mcp`;
  }

  send(reply: FastifyReply, status: number, html: string) {
    pageSecurityHeaders(reply, SETTINGS_CSP);
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  /** The sign-in form, with the consent page's double-submit CSRF token (src/oauth/csrf.ts). */
  signIn(req: FastifyRequest, reply: FastifyReply, status: number, p: { error?: string; email?: string; notice?: string } = {}) {
    const csrf = issueCsrfToken(req, reply, this.config.publicUrl, SIGN_IN_FORM);
    return this.send(reply, status, signInPage({ ...p, csrf }));
  }

  signInFormValid(req: FastifyRequest, token: string | undefined): boolean {
    return csrfValid(req, this.config.publicUrl, SIGN_IN_FORM, token);
  }

  /** Lax, so a link to the page from elsewhere (a top-level GET) still finds the session; posts from elsewhere carry no cookie. */
  setSession(reply: FastifyReply, token: string) {
    reply.header('set-cookie', `${SESSION_COOKIE}=${token}; ${cookieAttrs('Lax', SESSION_MAX_MS / 1000)}`);
  }

  clearSession(reply: FastifyReply) {
    reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttrs('Lax', 0)}`);
  }
}
