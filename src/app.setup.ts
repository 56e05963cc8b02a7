import { LogLevel, Type } from '@nestjs/common';
import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ZoopConfig } from './config/config';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { BODY_LIMIT, registerBodyParsers } from './mcp/body-parsers';
import { clientErrorHandler, registerEndpointErrorShape } from './mcp/endpoint-errors';
import { ToolRegistry } from './mcp/tool-registry';
import { observeCalls } from './ops/call-observer';
import { createLogger, flatLineLogger, PinoNestLogger } from './ops/logging/logger';
import { MetricsService } from './ops/metrics/metrics.service';
import { ShutdownDrain } from './ops/health/shutdown-drain';
import { LimitedFastifyAdapter } from './ops/http-limits';

// Tests pass Nest's level list (e.g. ['error']); the server uses LOG_LEVEL.
function logLevelOf(config: ZoopConfig, levels: false | LogLevel[] | undefined): string {
  if (levels === false) return 'silent';
  if (!levels) return config.logLevel;
  const order: [LogLevel, string][] = [
    ['verbose', 'trace'],
    ['debug', 'debug'],
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['fatal', 'fatal'],
  ];
  return order.find(([l]) => levels.includes(l))?.[1] ?? 'silent';
}

/** Builds the HTTP app exactly as `npm start` runs it; tests use the same function. */
export async function createApp(
  config: ZoopConfig,
  database: { url: string; embedded?: EmbeddedDatabase },
  opts: { logger?: false | LogLevel[]; logStream?: DestinationStream; /** more modules (tests: a test-only entity module) */ modules?: Type[] } = {},
) {
  const log = createLogger(logLevelOf(config, opts.logger), opts.logStream);
  // fastify, not express: ≈6 µs against ≈150 µs of framework CPU per request (bench/README.md)
  // X-Forwarded-For is believed only behind a proxy that sets it (TRUST_PROXY): otherwise any client
  // could pick the address its unauthenticated requests are rate-limited under
  // Requests that reach the server while it closes are still answered: the drain window (ShutdownDrain),
  // not a 503, is what turns new work away. What Node's parser refuses gets the endpoint's error shape.
  const adapter = new LimitedFastifyAdapter(config.http, log.child({ context: 'Http' }), {
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: false,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database, opts.modules), adapter, {
    logger: new PinoNestLogger(log),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify);
  registerEndpointErrorShape(fastify);
  // Graceful shutdown: from the start of the drain window (ShutdownDrain) and while the server closes,
  // every response says `Connection: close`, so keep-alive clients let go and the server drains
  // instead of waiting out the keep-alive timeout.
  const drain = app.get(ShutdownDrain);
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing || drain.isDraining) reply.header('connection', 'close');
    done(null, payload);
  });
  observeCalls(app.getHttpAdapter().getInstance(), { metrics: app.get(MetricsService), registry: app.get(ToolRegistry), log: flatLineLogger(log, { context: 'McpCall' }) });
  const cors = {
    origin: config.allowedOrigins,
    methods: ['POST', 'GET', 'OPTIONS'],
    // what MCP clients and Zoop's connection options send (the endpoint is stateless: no Mcp-Session-Id)
    allowedHeaders: [
      'authorization',
      'content-type',
      'accept',
      'mcp-protocol-version',
      'x-request-id',
      'idempotency-key',
      'x-mcp-toolsets',
      'x-mcp-readonly',
      'x-mcp-tool-names',
      'x-mcp-tool-errors',
    ],
    exposedHeaders: ['www-authenticate', 'retry-after', 'x-request-id'],
  };
  // Browser-based MCP clients (e.g. MCP Inspector) run OAuth discovery, registration and the token
  // exchange from their own origin: those endpoints use no cookies and are open to any origin.
  // /api/mcp and the consent page keep the ALLOWED_ORIGINS rule.
  const openToAnyOrigin = /^\/(\.well-known\/|oauth\/(token|register|revoke|jwks)(\?|$))/;
  const perRoute: FastifyCorsOptionsDelegateCallback = (req, cb) => cb(null, openToAnyOrigin.test(req.url) ? { ...cors, origin: true, credentials: false } : cors);
  // the fastify adapter passes an options delegate to @fastify/cors; Nest's type only names the object form
  app.enableCors(perRoute as unknown as FastifyCorsOptions);
  // process.exit, not the signal raised again, once everything is closed: the exit writes the log lines still in memory (logger.ts)
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}
