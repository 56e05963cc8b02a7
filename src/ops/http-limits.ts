import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Logger as Pino } from 'pino';
import type { HttpLimits } from '../config/config';

type ErrorHandler = Parameters<FastifyAdapter['setErrorHandler']>[0];

/**
 * Nest's fastify adapter with what a client may hold of the HTTP server, and for how long (README:
 * "Limits and timeouts"): header, request, keep-alive and socket timeouts and a connection cap.
 * And a client that goes away before its request has been read (the body reader fails with
 * `aborted`) is not a server error: it is logged at debug instead of reaching Nest's error handler,
 * which logged it as an error with a stack.
 */
export class LimitedFastifyAdapter extends FastifyAdapter {
  constructor(
    limits: HttpLimits,
    private readonly log: Pino,
    options: FastifyServerOptions,
  ) {
    super({
      ...options,
      connectionTimeout: limits.socketTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      http: {
        headersTimeout: limits.headersTimeoutMs,
        // Node checks the header and request timeouts on an interval (30 s by default): often enough
        // here that a timeout holds within a quarter of its length
        connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
      },
    } as FastifyServerOptions);
    // past the cap, Node closes new connections as they arrive
    this.getInstance().server.maxConnections = limits.maxConnections;
  }

  override setErrorHandler(handler: ErrorHandler) {
    const log = this.log;
    return super.setErrorHandler(function (this: unknown, err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
      if (!req.raw.aborted && err.code !== 'ECONNRESET') return (handler as (...args: unknown[]) => unknown).call(this, err, req, reply);
      log.debug({ method: req.method, url: req.url, reason: err.message }, 'client closed the connection before its request was read');
      // nobody is listening any more: this only ends the request's lifecycle
      return reply.code(400).send();
    } as ErrorHandler);
  }
}
