import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import type { FastifyReply } from 'fastify';
import { Unauthenticated } from '../auth/unauthenticated.exception';
import { RateLimitService, rateLimitMessage } from '../ops/rate-limit/rate-limit.service';
import { OriginRejected } from './origin.guard';
import { RPC, toJsonRpcError } from './to-json-rpc-error';
import { markOutcome } from '../ops/call-observer';
import { bearerChallenge, resourceMetadataUrl, rpcErrorBody } from './http-replies';
import { ScopeCatalogue } from '../auth/scope-catalogue';

const hasBearer = (req: any) => /^bearer\s+\S/i.test(req.headers?.authorization ?? '');

/** What goes wrong around a call, before the gateway has it: auth, origin, anything unexpected. */
@Catch()
@Injectable()
export class McpExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('McpEndpoint');
  constructor(
    private readonly rateLimit: RateLimitService,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly scopes: ScopeCatalogue,
  ) {}

  async catch(err: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest();
    const id = typeof req.body?.id === 'string' || typeof req.body?.id === 'number' ? req.body.id : null;
    if (err instanceof ThrottlerException) {
      // the throttler guard has set Retry-After already
      reply.code(429).send(rpcErrorBody(id, RPC.rateLimited, err.message, { kind: 'rate_limited' }));
      return;
    }
    if (err instanceof Unauthenticated) {
      // requests that fail authentication are counted per client address (unauthenticated floods)
      const wait = await this.rateLimit.hitUnauthenticated(req.ip).catch(() => null);
      if (wait !== null) {
        reply
          .code(429)
          .header('retry-after', String(wait))
          .send(rpcErrorBody(id, RPC.rateLimited, rateLimitMessage(wait), { kind: 'rate_limited' }));
        return;
      }
      reply
        .code(401)
        .header(
          'www-authenticate',
          bearerChallenge({
            resourceMetadata: resourceMetadataUrl(this.config),
            // a first connection (no token yet) is told the scopes to ask for: every tool's, as
            // scopes_supported lists them; a client whose token went bad asks for what it had
            ...(hasBearer(req) ? { error: 'invalid_token' as const } : { scope: this.scopes.scopes.join(' ') }),
          }),
        )
        .send(rpcErrorBody(id, RPC.unauthorized, err.message, { kind: 'unauthorized' }));
      return;
    }
    if (err instanceof OriginRejected) {
      reply.code(403).send(rpcErrorBody(id, RPC.forbidden, err.message, { kind: 'forbidden' }));
      return;
    }
    if (err instanceof HttpException && err.getStatus() < 500) {
      reply.code(err.getStatus()).send(rpcErrorBody(id, RPC.invalidRequest, err.message, { kind: 'invalid_request' }));
      return;
    }
    // anything else (the database gone while checking the rate limit or the token, …): mapped like a tool's error
    const requestId = String(req.headers?.['x-request-id'] ?? '') || randomUUID();
    const e = toJsonRpcError(err, this.log, requestId);
    markOutcome(req, e.data.kind);
    reply
      .code(200)
      .header('x-request-id', requestId)
      .send(rpcErrorBody(id, e.code, e.message, e.data));
  }
}
