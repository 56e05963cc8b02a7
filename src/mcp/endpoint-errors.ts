import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isMcpUrl, rpcErrorBody } from './http-replies';
import { RPC } from './to-json-rpc-error';

/**
 * The one shape of every error on /api/mcp (issue 14, C15): a JSON-RPC error body with `data.kind`,
 * also for what the framework answers before the controller runs (a chunked body over the limit,
 * an unknown method, a 503 while closing, Nest's own error pages) and for what Node's HTTP parser
 * refuses before there is a request at all (headers over 16 KB, a malformed request line).
 */
const KIND_BY_STATUS: Record<number, [kind: string, code: number]> = {
  400: ['invalid_request', RPC.invalidRequest],
  404: ['method_not_allowed', RPC.invalidRequest],
  405: ['method_not_allowed', RPC.invalidRequest],
  408: ['request_timeout', RPC.invalidRequest],
  413: ['payload_too_large', RPC.invalidRequest],
  415: ['unsupported_media_type', RPC.unsupportedMediaType],
  431: ['headers_too_large', RPC.invalidRequest],
  503: ['unavailable', RPC.internal],
};

function endpointError(status: number, message: string) {
  const [kind, code] = KIND_BY_STATUS[status] ?? (status >= 500 ? ['internal', RPC.internal] : ['invalid_request', RPC.invalidRequest]);
  return rpcErrorBody(null, code, message, { kind });
}

const isRpcBody = (payload: unknown): boolean => typeof payload === 'string' && payload.startsWith('{"jsonrpc"');

/** Rewrites any error the framework answered on /api/mcp into a JSON-RPC error (the controller's own already are). */
export function registerEndpointErrorShape(fastify: FastifyInstance) {
  // a callback hook, not an async one: every response passes here, and an async hook costs each a promise
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode < 400 || !isMcpUrl(req.url) || isRpcBody(payload)) return done(null, payload);
    done(null, asEndpointError(reply, payload));
  });
}

/** A framework's error answer on /api/mcp as the endpoint's JSON-RPC error (or the payload, if it is one already). */
function asEndpointError(reply: FastifyReply, payload: unknown): unknown {
  let message = STATUS_CODES[reply.statusCode] ?? 'Error';
  try {
    const parsed = typeof payload === 'string' ? JSON.parse(payload) : undefined;
    if (parsed && typeof parsed === 'object' && 'jsonrpc' in parsed) return payload;
    // fastify and Nest put a safe sentence in `message` (never a stack); 5xx keep only the status text
    if (reply.statusCode < 500 && typeof parsed?.message === 'string') message = `${STATUS_CODES[reply.statusCode]}: ${parsed.message}`;
  } catch {
    /* not JSON: the status text says it */
  }
  if (reply.statusCode === 405 || reply.statusCode === 404) reply.header('allow', 'POST');
  if (reply.statusCode === 404) reply.code(405);
  reply.header('content-type', 'application/json; charset=utf-8');
  return JSON.stringify(endpointError(reply.statusCode, message.replace(/\.?$/, '.')));
}

/**
 * fastify's `clientErrorHandler`: what Node's HTTP parser refused (no request, no route). A request
 * line naming /api/mcp gets a JSON-RPC error; anything else fastify's usual `{error, message, statusCode}`.
 */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const text = STATUS_CODES[status]!;
  const line = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1', 0, 200) : '';
  const body = JSON.stringify(/^[A-Z]+ \/api\/mcp[?\s]/.test(line) ? endpointError(status, `${text}.`) : { error: text, message: 'Client Error', statusCode: status });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
}
