import type { FastifyReply } from 'fastify';

// Server-rendered pages (the OAuth consent page, the settings page): escaping and the security
// headers every such page carries.

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** No framing, no caching, no referrer, no sniffing; `csp` is the page's Content-Security-Policy. */
export function pageSecurityHeaders(reply: FastifyReply, csp: string) {
  reply
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff');
}

/** Reads one cookie from the request's Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of String(header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
