import type { FastifyInstance } from 'fastify';
import { rpcErrorBody } from './http-replies';
import { RPC } from './to-json-rpc-error';

/** The largest request body the server reads, in bytes. */
export const BODY_LIMIT = 1_048_576;

export const PARSE_ERROR = Symbol('parse-error');
export const UNSUPPORTED_MEDIA = Symbol('unsupported-media');
/** valid JSON carrying a `__proto__` or `constructor.prototype` key, refused as a whole */
export const FORBIDDEN_KEY = Symbol('forbidden-key');

// The endpoint answers malformed bodies itself, as JSON-RPC errors, instead of fastify's default
// 400/415 pages. fastify's own JSON parser is kept for its prototype-poisoning protection.
/** fastify's parser refused it: was it JSON all the same (so refused for a forbidden key)? The value is dropped. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return text.trim().length > 0;
  } catch {
    return false;
  }
}

export function registerBodyParsers(fastify: FastifyInstance) {
  // A body over the limit never reaches the endpoint (fastify refuses it while reading): answer it
  // here, as a JSON-RPC error like every other refusal, before reading it at all.
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method === 'POST' && req.url.split('?')[0] === '/api/mcp' && Number(req.headers['content-length']) > BODY_LIMIT) {
      return reply
        .code(413)
        .header('connection', 'close')
        .type('application/json')
        .send(rpcErrorBody(null, RPC.invalidRequest, `Payload Too Large: the body is over ${BODY_LIMIT} bytes.`, { kind: 'payload_too_large' }));
    }
  });
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    json(req, body as string, (err: Error | null, value?: unknown) => done(null, err ? (isJson(body as string) ? FORBIDDEN_KEY : PARSE_ERROR) : value));
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
