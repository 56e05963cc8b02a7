import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { readCookie } from '../common/html';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { sameToken, SettingsSessions, SignedIn } from './settings-sessions.service';

// `__Host-`: only ever set by this origin over a secure connection (https, or a loopback address
// the browser treats as secure), for the whole site (Path=/), never by a subdomain.
export const SESSION_COOKIE = '__Host-zoop_settings';

/** Why the settings page refuses a request; the filter turns it into a page. */
export class SettingsRefusal extends Error {
  constructor(readonly why: 'signed_out' | 'not_owner' | 'bad_form') {
    super(why);
  }
}

type SettingsRequest = FastifyRequest & { settings?: SignedIn };

/**
 * A form post comes from this site's own pages. A browser says where a request comes from in
 * Sec-Fetch-Site (which page script cannot set): it must be same-origin. The Origin header, when it
 * names one, must be the server's; under the pages' Referrer-Policy: no-referrer, Chromium sends
 * `Origin: null` for a form post, which only passes with same-origin Sec-Fetch-Site. Requests with
 * neither header (non-browser clients) still need the form's CSRF token.
 */
export function sameOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined || (origin === 'null' && site === 'same-origin')) return true;
  return origin === new URL(publicUrl).origin || origin === `${req.protocol}://${req.headers.host}`;
}

/**
 * Every settings action: a live session (cookie), of an owner of the tenant (checked on every
 * request: a role can change while a session lasts), and on POST the same origin and the session's
 * CSRF token in the form.
 */
@Injectable()
export class OwnerSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SettingsSessions,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<SettingsRequest>();
    const post = req.method === 'POST';
    if (post && !sameOrigin(req, this.config.publicUrl)) throw new SettingsRefusal('bad_form');
    const signedIn = await this.sessions.find(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!signedIn) throw new SettingsRefusal('signed_out');
    if (signedIn.user.role !== 'owner') throw new SettingsRefusal('not_owner');
    if (post && !sameToken(signedIn.csrf, (req.body as Record<string, unknown> | undefined)?.csrf_token)) throw new SettingsRefusal('bad_form');
    req.settings = signedIn;
    return true;
  }
}

/** The signed-in owner the guard let through. */
export const Owner = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedIn => ctx.switchToHttp().getRequest<SettingsRequest>().settings!);
