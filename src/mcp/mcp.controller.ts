import { randomUUID } from 'node:crypto';
import { Controller, Delete, Get, Inject, Patch, Post, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { Principal } from '../auth/principal';
import { InvalidInput } from '../common/errors';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { bearerChallenge, resourceMetadataUrl, rpcErrorBody } from './http-replies';
import { McpExceptionFilter } from './mcp-exception.filter';
import { CallExtra, McpGateway, outcomeOf } from './mcp-gateway.service';
import { ALL_VERSIONS, Era, eraOf, headerMismatch, UnsupportedVersion } from './protocol';
import { OriginGuard } from './origin.guard';
import { rawToolReply } from './raw-json';
import { RateLimitGuard } from '../ops/rate-limit/rate-limit.guard';
import { markOutcome } from '../ops/call-observer';
import { RPC, RpcError, toJsonRpcError } from './to-json-rpc-error';
import { FORBIDDEN_KEY, PARSE_ERROR, UNSUPPORTED_MEDIA } from './body-parsers';
import { Logger } from '@nestjs/common';
import { toolViewOf, ToolView } from './toolsets';
import { idempotencyKeyOf } from '../idempotency/idempotency.service';

type Id = string | number;
const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** POST /api/mcp: MCP Streamable HTTP, stateless. Every request stands alone (contract §3). */
@Controller('api/mcp')
@UseFilters(McpExceptionFilter)
export class McpController {
  private readonly log = new Logger('McpEndpoint');
  constructor(
    private readonly gateway: McpGateway,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly scopes: ScopeCatalogue,
  ) {}

  @Post()
  @UseGuards(OriginGuard, BearerAuthGuard, RateLimitGuard)
  async post(@Req() req: FastifyRequest & { user: Principal }, @Res() reply: FastifyReply) {
    const requestId = requestIdOf(req);
    reply.header('x-request-id', requestId);
    const body = req.body as unknown;
    const id = isPlainObject(body) && isId(body.id) ? body.id : null;
    const fail = (status: number, code: number, message: string, data: { kind: string; [k: string]: unknown }) => {
      markOutcome(req, data.kind);
      return reply.code(status).send(rpcErrorBody(id, code, message, data));
    };
    // a mapped error: HTTP 200, except insufficient_scope (the tool's own scope, checked by ScopesGuard,
    // or one a service requires), which is 403 with the RFC 6750 challenge naming the scope, and a
    // refusal by a guard a tool added (forbidden), 403
    const failWith = (e: RpcError) => {
      if (e.data.kind === 'forbidden') return fail(403, e.code, e.message, e.data);
      if (e.data.kind !== 'insufficient_scope') return fail(200, e.code, e.message, e.data);
      reply.header('www-authenticate', bearerChallenge({ error: 'insufficient_scope', scope: String(e.data.required_scope), resourceMetadata: resourceMetadataUrl(this.config) }));
      return fail(403, e.code, e.message, e.data);
    };

    if (!acceptsJsonAndStream(req.headers.accept)) {
      return fail(406, RPC.notAcceptable, 'Not Acceptable: the Accept header must list both application/json and text/event-stream.', { kind: 'not_acceptable' });
    }
    if (body === UNSUPPORTED_MEDIA) {
      return fail(415, RPC.unsupportedMediaType, 'Unsupported Media Type: send Content-Type: application/json.', { kind: 'unsupported_media_type' });
    }
    if (body === PARSE_ERROR || body === undefined) {
      return fail(400, RPC.parseError, 'Parse error: the body is not valid JSON.', { kind: 'parse_error' });
    }
    if (body === FORBIDDEN_KEY) {
      return fail(400, RPC.invalidRequest, 'Invalid Request: the message has a "__proto__" or "constructor.prototype" key outside a tool\'s arguments.', {
        kind: 'invalid_request',
      });
    }
    if (!isPlainObject(body) || body.jsonrpc !== '2.0' || typeof body.method !== 'string' || ('id' in body && !isId(body.id))) {
      const message = Array.isArray(body)
        ? 'Invalid Request: batches are not supported; send one message per request.'
        : 'Invalid Request: expected one JSON-RPC 2.0 request or notification.';
      return fail(400, RPC.invalidRequest, message, { kind: 'invalid_request' });
    }
    const version = req.headers['mcp-protocol-version'];
    let era: Era;
    try {
      if (version !== undefined && body.method !== 'initialize' && !ALL_VERSIONS.includes(String(version))) throw new UnsupportedVersion(String(version));
      era = eraOf(body.params);
    } catch (err) {
      if (err instanceof UnsupportedVersion) {
        return fail(400, RPC.unsupportedProtocolVersion, err.message, { kind: 'unsupported_protocol_version', supported: ALL_VERSIONS, requested: err.requested });
      }
      // a notification is never answered, whatever its params
      if (!('id' in body)) return reply.code(202).send();
      const e = toJsonRpcError(err, this.log, requestId);
      return fail(200, e.code, e.message, e.data);
    }

    const mismatch = era === 'modern' ? headerMismatch(req.headers, body.method, body.params as Record<string, unknown> | undefined) : null;
    if (mismatch) return fail(400, RPC.headerMismatch, mismatch, { kind: 'header_mismatch' });

    const principal = req.user;
    if (!('id' in body)) {
      this.gateway.notify(body, { principal, requestId });
      return reply.code(202).send();
    }

    let view: ToolView;
    try {
      view = toolViewOf(req, this.scopes.entities);
    } catch (err) {
      const e = toJsonRpcError(err, this.log, requestId);
      return fail(200, e.code, e.message, e.data);
    }
    const call: CallExtra = { principal, requestId, view, era };
    if (body.method === 'tools/call') {
      const params = (body.params ?? {}) as Record<string, unknown>;
      try {
        if (typeof params.name !== 'string') {
          throw InvalidInput([{ path: 'name', message: 'name must be a string naming a tool' }]);
        }
        if (params.arguments !== undefined && !isPlainObject(params.arguments)) {
          throw InvalidInput([{ path: 'arguments', message: 'arguments must be an object' }]);
        }
        call.tool = this.gateway.find(params.name);
        if (!call.tool.annotations.readOnlyHint) call.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key'], params._meta);
      } catch (err) {
        const out = this.gateway.toolFailure(body.id as Id, err, call);
        if (out.error) return failWith(out.error);
        markOutcome(req, outcomeOf(out));
        return reply.code(200).send(out);
      }
    }
    const out = await this.gateway.request(body as any, call);
    if (out.error) return failWith(out.error);
    markOutcome(req, outcomeOf(out));
    if (out.raw)
      return reply
        .code(200)
        .type('application/json; charset=utf-8')
        .send(rawToolReply(out.id, out.raw, out.rawExtra));
    return reply.code(200).send(out);
  }

  // Stateless: there is no server-to-client stream to GET and no session to DELETE.
  @Get()
  get(@Res() reply: FastifyReply) {
    methodNotAllowed(reply);
  }

  @Delete()
  delete(@Res() reply: FastifyReply) {
    methodNotAllowed(reply);
  }

  @Put()
  put(@Res() reply: FastifyReply) {
    methodNotAllowed(reply);
  }

  @Patch()
  patch(@Res() reply: FastifyReply) {
    methodNotAllowed(reply);
  }
}

/**
 * MCP Streamable HTTP: the client MUST list both application/json and text/event-stream. The
 * header is parsed as media ranges (negotiator): each type must be named (a wildcard does not list
 * it) with a quality above 0.
 */
export function acceptsJsonAndStream(header: string | string[] | undefined): boolean {
  const accept = Array.isArray(header) ? header.join(',') : (header ?? '');
  // a client sends the same header on every call: the answer is remembered per header value (a
  // bounded set, so odd headers cannot grow it), which saves parsing media ranges on every request
  let ok = ACCEPT_SEEN.get(accept);
  if (ok === undefined) {
    const listed = new Set(new Negotiator({ headers: { accept } }).mediaTypes().map((t) => t.toLowerCase()));
    ok = listed.has('application/json') && listed.has('text/event-stream');
    if (ACCEPT_SEEN.size >= 64) ACCEPT_SEEN.clear();
    ACCEPT_SEEN.set(accept, ok);
  }
  return ok;
}
const ACCEPT_SEEN = new Map<string, boolean>();

function requestIdOf(req: FastifyRequest): string {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && /^[\w.-]{1,100}$/.test(h) ? h : randomUUID();
}

function methodNotAllowed(reply: FastifyReply) {
  reply
    .code(405)
    .header('allow', 'POST')
    .send(rpcErrorBody(null, RPC.invalidRequest, 'Method Not Allowed: use POST.', { kind: 'method_not_allowed' }));
}
