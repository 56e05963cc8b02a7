import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// Double-submit CSRF protection for server-rendered forms (the OAuth consent page; reusable by other
// sign-in pages): a random secret in an HttpOnly, SameSite=Strict cookie, and in the form an HMAC
// of the fields the form must not change, keyed by that secret.
//
// The cookie is named `__Host-…` (Secure, Path=/, no Domain: no sub-domain or plain-http page can
// set or overwrite it) when the issuer is https or a loopback address — browsers treat
// http://localhost and http://127.0.0.1 as secure contexts and keep Secure cookies there. On plain
// http to any other host a Secure cookie would be dropped, so there it is a plain host-only cookie.
const NAME = 'zoop_oauth_csrf';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

function secureContext(publicUrl: string): boolean {
  const u = new URL(publicUrl);
  return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export const csrfCookieName = (publicUrl: string) => (secureContext(publicUrl) ? `__Host-${NAME}` : NAME);

function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const tokenFor = (secret: string, fields: unknown[]) => createHmac('sha256', secret).update(JSON.stringify(fields)).digest('base64url');

/** The form token for these fields, setting a fresh cookie on the reply when the browser has none. */
export function issueCsrfToken(req: FastifyRequest, reply: FastifyReply, publicUrl: string, fields: unknown[]): string {
  const name = csrfCookieName(publicUrl);
  let secret = readCookie(req, name);
  if (!secret || !SECRET.test(secret)) {
    secret = randomBytes(32).toString('base64url');
    const attrs = secureContext(publicUrl) ? '; Path=/; Secure' : '; Path=/';
    reply.header('set-cookie', `${name}=${secret}${attrs}; HttpOnly; SameSite=Strict; Max-Age=1800`);
  }
  return tokenFor(secret, fields);
}

/** Whether the form's token matches the cookie for these fields. */
export function csrfValid(req: FastifyRequest, publicUrl: string, fields: unknown[], given: string | undefined): boolean {
  const secret = readCookie(req, csrfCookieName(publicUrl));
  if (!secret || !SECRET.test(secret)) return false;
  const expected = Buffer.from(tokenFor(secret, fields));
  const actual = Buffer.from(given ?? '');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
