import { join } from 'node:path';
// Typed configuration, read once from the environment and validated: a bad value stops the
// process at start-up with a message naming the variable, never later in a request.
export interface ZoopConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  /** As root: where clusters go whose data directory the postgres OS user cannot enter. */
  rootClustersDir: string;
  embeddedPgPort: number;
  port: number;
  host: string;
  publicUrl: string;
  /** Lifetime of an OAuth access token (JWT), in seconds. */
  oauthAccessTokenTtl: number;
  migrationsRun: boolean;
  seriesHorizonDays: number;
  rateLimitPerMinute: number;
  redisUrl: string | undefined;
  allowedOrigins: string[];
  seedDemo: boolean;
  schedulerEnabled: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (else it could be spoofed). */
  trustProxy: boolean;
  logLevel: string;
  /** Database connections per process. */
  dbPoolSize: number;
  /** How long a call may wait to open a database connection or get a free one from the pool. */
  dbConnectTimeoutMs: number;
  /** OAuth: dynamic registrations (RFC 7591) allowed per client address per hour (per process). */
  oauthRegistrationsPerHour: number;
  /** OAuth: a dynamically registered client never used within this many hours is deleted. */
  oauthUnusedClientTtlHours: number;
  /** OAuth: absolute lifetime of a grant (a refresh-token family), in days, however often it is refreshed. */
  oauthGrantMaxDays: number;
  /** Secret the ES256 private signing keys are encrypted with at rest (else the key file below). */
  signingKeySecret: string | undefined;
  /** Key file made (0600) at first start when SIGNING_KEY_SECRET is unset. */
  signingKeyFile: string;
  /** HTTP server limits: what a slow or idle client may hold, and for how long (see the README's "Limits and timeouts"). */
  http: HttpLimits;
  /** On SIGTERM, how long /readyz says 503 while the server keeps serving, before it stops accepting. */
  shutdownDrainMs: number;
  webhooks: WebhooksConfig;
}

/** Webhook delivery (src/webhooks). */
export interface WebhooksConfig {
  /** Allow http:// and https:// endpoints on loopback addresses (local receivers, tests). */
  allowLoopback: boolean;
  /** How often an idle delivery worker looks for due deliveries. */
  pollMs: number;
  /** Back-off after the first failed attempt; doubles per attempt (with jitter) up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A delivery is retried until it is this old, then failed. */
  retryForSeconds: number;
  /** Failed deliveries in a row that disable an endpoint. */
  disableAfterFailures: number;
}

export interface HttpLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed. */
  socketTimeoutMs: number;
  /** Open connections per process; further ones are closed at once. */
  maxConnections: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got a value that does not parse`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function logLevel(env: NodeJS.ProcessEnv): string {
  const v = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(v)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  return v;
}

function httpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // Node refuses a headers timeout longer than the request timeout
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError(`HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    // above the 60 s idle timeout of common load balancers, so they, not Zoop, close idle connections
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
    socketTimeoutMs: int(env, 'HTTP_SOCKET_TIMEOUT_MS', 120_000, 1_000, 3_600_000),
    maxConnections: int(env, 'HTTP_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
  };
}

function signingKeySecret(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SIGNING_KEY_SECRET;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new ConfigError('SIGNING_KEY_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ZoopConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${host}:${port}`).replace(/\/+$/, '');
  const origins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError(`ALLOWED_ORIGINS entries must look like https://host[:port], got "${o}"`);
  }
  return {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.ZOOP_DATA_DIR?.trim() || '.data',
    rootClustersDir: env.ZOOP_ROOT_CLUSTERS_DIR?.trim() || '/var/lib/zoop',
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    port,
    host,
    publicUrl,
    oauthAccessTokenTtl: int(env, 'OAUTH_ACCESS_TOKEN_TTL', 900, 30, 86_400),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    seriesHorizonDays: int(env, 'SERIES_HORIZON_DAYS', 90, 1, 3660),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    allowedOrigins: origins,
    seedDemo: bool(env, 'SEED_DEMO', false),
    schedulerEnabled: bool(env, 'SCHEDULER_ENABLED', true),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    logLevel: logLevel(env),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 1000),
    dbConnectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    oauthRegistrationsPerHour: int(env, 'OAUTH_REGISTRATIONS_PER_HOUR', 20, 1, 100_000),
    oauthUnusedClientTtlHours: int(env, 'OAUTH_UNUSED_CLIENT_TTL_HOURS', 24, 1, 8760),
    oauthGrantMaxDays: int(env, 'OAUTH_GRANT_MAX_DAYS', 90, 1, 3650),
    signingKeySecret: signingKeySecret(env),
    signingKeyFile: env.SIGNING_KEY_FILE?.trim() || join(env.ZOOP_DATA_DIR?.trim() || '.data', 'oauth-signing.key'),
    http: httpLimits(env),
    shutdownDrainMs: int(env, 'SHUTDOWN_DRAIN_MS', 5_000, 0, 600_000),
    webhooks: {
      allowLoopback: bool(env, 'WEBHOOKS_ALLOW_LOOPBACK', false),
      pollMs: int(env, 'WEBHOOKS_POLL_MS', 500, 10, 60_000),
      retryBaseMs: int(env, 'WEBHOOKS_RETRY_BASE_MS', 5_000, 1, 3_600_000),
      retryMaxMs: int(env, 'WEBHOOKS_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
      retryForSeconds: int(env, 'WEBHOOKS_RETRY_FOR_SECONDS', 86_400, 1, 30 * 86_400),
      disableAfterFailures: int(env, 'WEBHOOKS_DISABLE_AFTER_FAILURES', 3, 1, 1000),
    },
  };
}

export const ZOOP_CONFIG = Symbol('ZOOP_CONFIG');
