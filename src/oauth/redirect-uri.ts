// Redirect URIs (OAuth 2.1 §2.3.1, RFC 8252 §7.3): https anywhere, or http on a loopback address
// only; no fragment. They are later compared as exact strings.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function redirectUriProblem(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw || raw.length > 2000) return 'must be a URL';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (u.hash || raw.includes('#')) return 'must not contain a fragment';
  if (u.username || u.password) return 'must not contain credentials';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return null;
  return 'must use https, or http on a loopback address (localhost, 127.0.0.1, [::1])';
}
