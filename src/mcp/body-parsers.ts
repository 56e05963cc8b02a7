import type { FastifyInstance } from 'fastify';
import { isMcpUrl, rpcErrorBody } from './http-replies';
import { RPC } from './to-json-rpc-error';

/** The largest request body the server reads, in bytes. */
export const BODY_LIMIT = 1_048_576;

export const PARSE_ERROR = Symbol('parse-error');
export const UNSUPPORTED_MEDIA = Symbol('unsupported-media');
/** valid JSON carrying a `__proto__` or `constructor.prototype` key outside a tool's arguments, refused as a whole */
export const FORBIDDEN_KEY = Symbol('forbidden-key');

// The endpoint answers malformed bodies itself, as JSON-RPC errors, instead of fastify's default
// 400/415 pages. fastify's own JSON parser is kept for its prototype-poisoning protection.
/**
 * fastify's parser refused a body: PARSE_ERROR when it is not JSON; when it is JSON with a
 * `__proto__` / `constructor.prototype` key, the message itself when every such key is inside
 * `params.arguments` (JSON.parse keeps `__proto__` as a plain own key; the argument validation then
 * names it as an unknown field, invalid_input like any other), FORBIDDEN_KEY otherwise.
 */
function refusedBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return PARSE_ERROR;
  }
  const params = (value as { params?: unknown } | null)?.params;
  const args = (params as { arguments?: unknown } | null | undefined)?.arguments;
  if (!args || typeof args !== 'object') return FORBIDDEN_KEY;
  const outside = { ...(value as object), params: { ...(params as object), arguments: undefined } };
  return hasForbiddenKey(outside) ? FORBIDDEN_KEY : value;
}

function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)) return true;
    if (hasForbiddenKey(child, depth + 1)) return true;
  }
  return false;
}

export function registerBodyParsers(fastify: FastifyInstance) {
  // A body over the limit never reaches the endpoint (fastify refuses it while reading): answer it
  // here, as a JSON-RPC error like every other refusal, before reading it at all.
  // a callback hook (an async one costs every request a promise and a microtask turn); the length
  // is compared first, so an ordinary request does no string work here
  fastify.addHook('onRequest', (req, reply, done) => {
    if (Number(req.headers['content-length']) > BODY_LIMIT && req.method === 'POST' && isMcpUrl(req.url)) {
      reply
        .code(413)
        .header('connection', 'close')
        .type('application/json')
        .send(rpcErrorBody(null, RPC.invalidRequest, `Payload Too Large: the body is over ${BODY_LIMIT} bytes.`, { kind: 'payload_too_large' }));
      return;
    }
    done();
  });
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    json(req, body as string, (err: Error | null, value?: unknown) => done(null, err ? refusedBody(body as string) : value));
  });
  // HTML forms and the OAuth token/revocation endpoints (RFC 6749) post urlencoded bodies; only
  // /oauth/* and the settings page accept them, everything else (/api/mcp) still answers 415.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (!req.url.startsWith('/oauth/') && !req.url.startsWith('/settings/')) return done(null, UNSUPPORTED_MEDIA);
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [k, v] of new URLSearchParams(body as string)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v); // repeated → array, refused by the endpoint
    }
    done(null, out);
  });
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, UNSUPPORTED_MEDIA));
}
