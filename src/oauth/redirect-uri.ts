// Redirect URIs (OAuth 2.1 §2.3.1, RFC 8252 §7.3): https anywhere, or http on a loopback address
// only; no fragment, no credentials. They are stored in their canonical form (WHATWG `URL.href`, the
// parser that later builds the redirect), and the host must be written canonically already: forms
// such as http://0x7f000001/ or http://127.1/ parse to 127.0.0.1 but are refused, so that what the
// user (and any other parser) reads is where the browser goes.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
export const REDIRECT_URI_MAX_LENGTH = 1000;

/** The host as written in the URI (lower-cased, without port), or null. */
function writtenHost(raw: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw);
  if (!m) return null;
  const authority = m[1].slice(m[1].lastIndexOf('@') + 1);
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/, '');
  return host.toLowerCase();
}

/** The canonical form of a redirect URI, or the problem with it. */
export function checkRedirectUri(raw: unknown): { uri: string } | { problem: string } {
  if (typeof raw !== 'string' || !raw) return { problem: 'must be a URL' };
  if (raw.length > REDIRECT_URI_MAX_LENGTH) return { problem: `must be at most ${REDIRECT_URI_MAX_LENGTH} characters` };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: 'must be an absolute URL' };
  }
  if (u.hash || raw.includes('#')) return { problem: 'must not contain a fragment' };
  if (u.username || u.password) return { problem: 'must not contain credentials' };
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    return { problem: 'must use https, or http on a loopback address (localhost, 127.0.0.1, [::1])' };
  }
  if (writtenHost(raw) !== u.hostname) return { problem: `must write its host canonically (${u.hostname})` };
  return { uri: u.href };
}

/** The canonical form of a redirect URI as sent in a request, for comparison with the stored ones. */
export function canonicalRedirectUri(raw: string): string | null {
  const r = checkRedirectUri(raw);
  return 'uri' in r ? r.uri : null;
}
