import type { FastifyInstance } from 'fastify';

export const PARSE_ERROR = Symbol('parse-error');
export const UNSUPPORTED_MEDIA = Symbol('unsupported-media');

// The endpoint answers malformed bodies itself, as JSON-RPC errors, instead of fastify's default
// 400/415 pages. fastify's own JSON parser is kept for its prototype-poisoning protection.
export function registerBodyParsers(fastify: FastifyInstance) {
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    json(req, body as string, (err: Error | null, value?: unknown) => done(null, err ? PARSE_ERROR : value));
  });
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, UNSUPPORTED_MEDIA));
}
