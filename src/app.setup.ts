import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ZoopConfig } from './config/config';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { registerBodyParsers } from './mcp/body-parsers';

/** Builds the HTTP app exactly as `npm start` runs it; tests use the same function. */
export async function createApp(config: ZoopConfig, database: { url: string; embedded?: EmbeddedDatabase }, opts: { logger?: false | any[] } = {}) {
  // fastify, not express: ≈6 µs against ≈150 µs of framework CPU per request (bench/README.md)
  const adapter = new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database), adapter, {
    logger: opts.logger ?? ['error', 'warn', 'log'],
    bodyParser: false,
  });
  registerBodyParsers(app.getHttpAdapter().getInstance());
  const cors = {
    origin: config.allowedOrigins,
    methods: ['POST', 'GET', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id', 'x-request-id'],
    exposedHeaders: ['www-authenticate', 'retry-after', 'x-request-id', 'mcp-session-id'],
  };
  // Browser-based MCP clients (e.g. MCP Inspector) run OAuth discovery, registration and the token
  // exchange from their own origin: those endpoints use no cookies and are open to any origin.
  // /api/mcp and the consent page keep the ALLOWED_ORIGINS rule.
  const openToAnyOrigin = /^\/(\.well-known\/|oauth\/(token|register|revoke|jwks)(\?|$))/;
  const perRoute: FastifyCorsOptionsDelegateCallback = (req, cb) =>
    cb(null, openToAnyOrigin.test(req.url) ? { ...cors, origin: true, credentials: false } : cors);
  // the fastify adapter passes an options delegate to @fastify/cors; Nest's type only names the object form
  app.enableCors(perRoute as unknown as FastifyCorsOptions);
  app.enableShutdownHooks();
  return app;
}
