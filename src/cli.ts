import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module, DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from './config/config.module';
import { loadConfig, ZoopConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { Database, findDatabase, NoDatabaseError, resolveDatabase } from './database/resolve-database';
import { exitOnStrayErrors } from './common/stray-errors';
import { DomainError } from './common/errors';
import { TenancyModule } from './tenancy/tenancy.module';
import { AuditModule } from './audit/audit.module';
import { AdminActor, AuditService } from './audit/audit.service';
import { TenancyService } from './tenancy/tenancy.service';
import { ScopeCatalogue } from './auth/scope-catalogue';
import { ENTITY_MODULES } from './app.module';
import { DataSource } from 'typeorm';
import { runMigrations } from './database/migrate';
import { SeriesGenerationModule } from './job-series/series-generation.module';
import { SeriesGenerator } from './job-series/series-generator';
import { PlanBillingService } from './plans/plan-billing.service';
import { OAuthModule } from './oauth/oauth.module';
import { OAuthService } from './oauth/oauth.service';
import { SigningKeysService } from './oauth/signing-keys.service';
import { OAuthError } from './oauth/oauth-errors';
import { WebhooksAdminModule } from './webhooks/webhooks.module';
import { WebhooksService } from './webhooks/webhooks.service';

// The admin CLI (contract §2): `node dist/cli.js <command> [options]`, `--json` for one JSON object.

@Module({})
class CliModule {
  static forRoot(config: ZoopConfig, db: Database): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({ ...config, schedulerEnabled: false }),
        DatabaseModule.forRoot(db.url, db.embedded, { size: config.dbPoolSize, connectTimeoutMs: config.dbConnectTimeoutMs }, 'all'),
        TenancyModule,
        AuditModule,
        SeriesGenerationModule,
        OAuthModule,
        WebhooksAdminModule,
        // the entity modules (no HTTP, no scheduler): their tools define the scopes key:issue accepts
        ...ENTITY_MODULES,
      ],
    };
  }
}

class UsageError extends Error {}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The CLI's audit actor: whoever runs it on the server (no user of any tenant). */
const OPERATOR: AdminActor = { kind: 'operator' };

type Opts = Record<string, string | string[] | boolean | undefined>;
interface Command {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  run(app: INestApplicationContext, o: Opts): Promise<object>;
}

const str = (o: Opts, name: string, required = true): string | undefined => {
  const v = o[name];
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
};

const COMMANDS: Record<string, Command> = {
  init: {
    usage: '(makes the embedded database in ZOOP_DATA_DIR, default ./.data, when there is none, and migrates it; `npm start` does too)',
    options: {},
    async run() {
      return { database: 'ready' };
    },
  },
  migrate: {
    usage: '(runs pending migrations; the server also does at start-up)',
    options: {},
    async run(app) {
      return { applied: await runMigrations(app.get(DataSource)) };
    },
  },
  'tenant:create': {
    usage: '--name NAME',
    options: { name: { type: 'string' } },
    async run(app, o) {
      const t = await app.get(TenancyService).createTenant({ name: str(o, 'name')! });
      return { id: t.id, name: t.name, created_at: t.createdAt.toISOString() };
    },
  },
  'user:create': {
    usage: '--tenant ID --email EMAIL [--name NAME] [--role owner|admin|member]',
    options: { tenant: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
    async run(app, o) {
      const u = await app.get(TenancyService).createUser(str(o, 'tenant')!, { email: str(o, 'email')!, name: str(o, 'name', false), role: str(o, 'role', false) });
      return { id: u.id, tenant_id: u.tenantId, email: u.email, name: u.name, role: u.role };
    },
  },
  'key:issue': {
    usage: '--tenant ID [--user ID] --scopes LIST|all [--name LABEL] [--expires-in-days N]',
    options: { tenant: { type: 'string' }, user: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' }, 'expires-in-days': { type: 'string' } },
    async run(app, o) {
      const { scopes, unknown } = app.get(ScopeCatalogue).parseList(str(o, 'scopes')!);
      if (unknown.length) throw new UsageError(`unknown scope: ${unknown.join(', ')} (scopes look like read:jobs, write:customers, or "all")`);
      const days = str(o, 'expires-in-days', false);
      if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError('--expires-in-days must be a whole number of days');
      return app.get(TenancyService).issueKey({
        tenantId: str(o, 'tenant')!,
        userId: str(o, 'user', false),
        scopes,
        name: str(o, 'name', false),
        expiresInDays: days === undefined ? null : Number(days),
        auditAs: OPERATOR,
        requestId: 'cli',
      });
    },
  },
  'key:revoke': {
    usage: '--id KEY_ID',
    options: { id: { type: 'string' } },
    run: (app, o) => app.get(TenancyService).revokeKey(str(o, 'id')!, { auditAs: OPERATOR, requestId: 'cli' }),
  },
  'audit:list': {
    usage: '--tenant ID [--since ISO] [--limit N]',
    options: { tenant: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    async run(app, o) {
      const limit = str(o, 'limit', false);
      if (limit !== undefined && !/^\d+$/.test(limit)) throw new UsageError('--limit must be a whole number');
      return { data: await app.get(AuditService).list(str(o, 'tenant')!, { since: str(o, 'since', false), limit: limit === undefined ? undefined : Number(limit) }) };
    },
  },
  'series:generate': {
    usage: '[--tenant ID] (extends every active job series window now; waits for a run in progress)',
    options: { tenant: { type: 'string' } },
    async run(app, o) {
      const tenantId = str(o, 'tenant', false);
      if (tenantId && !UUID.test(tenantId)) throw new UsageError('--tenant must be a tenant id (UUID)');
      const { series_processed, jobs_created } = await app.get(SeriesGenerator).run({ tenantId, wait: true });
      return { series_processed, jobs_created };
    },
  },
  'plan:bill': {
    usage: '[--tenant ID] (bills every active plan that is due: one draft invoice per due period)',
    options: { tenant: { type: 'string' } },
    async run(app, o) {
      const tenantId = str(o, 'tenant', false);
      if (tenantId !== undefined && !UUID.test(tenantId)) throw new UsageError('--tenant must be a tenant id (uuid)');
      return app.get(PlanBillingService).run({ tenantId });
    },
  },
  'key:list': {
    usage: '--tenant ID',
    options: { tenant: { type: 'string' } },
    async run(app, o) {
      return { data: await app.get(TenancyService).listKeys(str(o, 'tenant')!) };
    },
  },
  'user:set-password': {
    usage: '--user ID   (the password is read from stdin, never from arguments)',
    options: { user: { type: 'string' } },
    async run(app, o) {
      const userId = str(o, 'user')!;
      const password = (await readStdin()).replace(/\r?\n$/, '');
      if (!password) throw new UsageError('write the password on stdin, e.g. `printf %s "$PW" | zoop-admin user:set-password --user ID`');
      return app.get(OAuthService).setPassword(userId, password);
    },
  },
  'oauth:client:create': {
    usage: '--name NAME --redirect-uri URI [--redirect-uri URI …] [--confidential]',
    options: { name: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true }, confidential: { type: 'boolean' } },
    async run(app, o) {
      const uris = (o['redirect-uri'] as string[] | undefined) ?? [];
      if (!uris.length) throw new UsageError('--redirect-uri is required');
      try {
        const c = await app.get(OAuthService).createClient({ name: str(o, 'name')!, redirectUris: uris, confidential: o.confidential === true, source: 'admin' });
        return { client_id: c.client_id, ...(c.client_secret ? { client_secret: c.client_secret } : {}), redirect_uris: c.redirect_uris };
      } catch (err) {
        if (err instanceof OAuthError) throw new UsageError(err.description);
        throw err;
      }
    },
  },
  'oauth:revoke': {
    usage: '--user ID | --client ID (revokes every grant of the user, or of the client: refresh tokens and their access tokens)',
    options: { user: { type: 'string' }, client: { type: 'string' } },
    async run(app, o) {
      const user = str(o, 'user', false);
      const client = str(o, 'client', false);
      if (!user === !client) throw new UsageError('give exactly one of --user ID or --client ID');
      const id = (user ?? client)!;
      if (!UUID.test(id)) throw new UsageError(`--${user ? 'user' : 'client'} must be an id (UUID)`);
      const revoked = await app.get(OAuthService).revokeGrants(user ? { userId: id } : { clientId: id });
      return user ? { user_id: id, revoked } : { client_id: id, revoked };
    },
  },
  'webhook:create': {
    usage: '--tenant ID --url URL --events LIST|all [--description TEXT] (prints the secret once)',
    options: { tenant: { type: 'string' }, url: { type: 'string' }, events: { type: 'string' }, description: { type: 'string' } },
    run: (app, o) => app.get(WebhooksService).create({ tenantId: str(o, 'tenant')!, url: str(o, 'url')!, events: str(o, 'events')!, description: str(o, 'description', false) }),
  },
  'webhook:list': {
    usage: '--tenant ID',
    options: { tenant: { type: 'string' } },
    run: async (app, o) => ({ data: await app.get(WebhooksService).list(str(o, 'tenant')!) }),
  },
  'webhook:update': {
    usage: '--id ID [--events LIST|all] [--url URL] [--description TEXT] [--disabled true|false]',
    options: { id: { type: 'string' }, events: { type: 'string' }, url: { type: 'string' }, description: { type: 'string' }, disabled: { type: 'string' } },
    run(app, o) {
      const disabled = str(o, 'disabled', false);
      if (disabled !== undefined && disabled !== 'true' && disabled !== 'false') throw new UsageError('--disabled must be true or false');
      return app.get(WebhooksService).update(str(o, 'id')!, {
        events: str(o, 'events', false),
        url: str(o, 'url', false),
        description: str(o, 'description', false),
        disabled: disabled === undefined ? undefined : disabled === 'true',
      });
    },
  },
  'webhook:rotate-secret': {
    usage: '--id ID (prints the new secret once; the old one keeps signing beside it for 24 h)',
    options: { id: { type: 'string' } },
    run: (app, o) => app.get(WebhooksService).rotateSecret(str(o, 'id')!),
  },
  'webhook:delete': {
    usage: '--id ID',
    options: { id: { type: 'string' } },
    run: (app, o) => app.get(WebhooksService).delete(str(o, 'id')!),
  },
  'webhook:deliveries': {
    usage: '--id ID [--limit N] (newest first)',
    options: { id: { type: 'string' }, limit: { type: 'string' } },
    async run(app, o) {
      const limit = str(o, 'limit', false);
      if (limit !== undefined && !/^\d+$/.test(limit)) throw new UsageError('--limit must be a whole number');
      return { data: await app.get(WebhooksService).deliveries(str(o, 'id')!, limit === undefined ? undefined : Number(limit)) };
    },
  },
  'webhook:redeliver': {
    usage: '--delivery ID (sends the event again, same webhook-id)',
    options: { delivery: { type: 'string' } },
    run: (app, o) => app.get(WebhooksService).redeliver(str(o, 'delivery')!),
  },
  'oauth:rotate-key': {
    usage: '(a new signing key signs from now on; the old one verifies until its tokens expire)',
    options: {},
    run: (app) => app.get(SigningKeysService).rotate(),
  },
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('the password is read from stdin: pipe it in');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function table(value: object): string {
  const rows: Record<string, unknown>[] = Array.isArray((value as any).data) ? (value as any).data : [value];
  if (!rows.length) return '(none)\n';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n') + '\n';
}

function help(): string {
  return (
    [
      'usage: zoop-admin <command> [options] [--json]',
      '',
      ...Object.entries(COMMANDS).map(([n, c]) => `  ${n} ${c.usage}`),
      '',
      'The database: DATABASE_URL when set, else the embedded one the server uses (ZOOP_DATA_DIR, else ./.data,',
      'else the one the last `npm start` on this account recorded). Only `init` and `npm start` make a new one.',
    ].join('\n') + '\n'
  );
}

const isHelp = (a: string) => a === '--help' || a === '-h' || a === 'help';

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || isHelp(name)) {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`zoop-admin: unknown command "${name}"\n${help()}`);
    return 2;
  }
  if (rest.some(isHelp)) {
    process.stdout.write(`usage: zoop-admin ${name} ${cmd.usage} [--json]\n`);
    return 0;
  }
  let values: Opts;
  try {
    ({ values } = parseArgs({ args: rest, options: { ...cmd.options, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    process.stderr.write(`zoop-admin ${name}: ${(err as Error).message}\nusage: zoop-admin ${name} ${cmd.usage} [--json]\n`);
    return 2;
  }
  let app: INestApplicationContext | undefined;
  try {
    // every command migrates first (a fresh database just works); `migrate` does it itself to report what ran
    const config = { ...loadConfig(), ...(name === 'migrate' ? { migrationsRun: false } : {}) };
    const db = name === 'init' ? await resolveDatabase(config) : await findDatabase(config);
    app = await NestFactory.createApplicationContext(CliModule.forRoot(config, db), { logger: false, abortOnError: false });
    const result = await cmd.run(app, values);
    process.stdout.write(values.json ? JSON.stringify(result) + '\n' : table(result));
    return 0;
  } catch (err) {
    const msg = err instanceof UsageError || err instanceof DomainError || err instanceof NoDatabaseError ? err.message : `failed: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(`zoop-admin ${name}: ${msg}\n`);
    return 1;
  } finally {
    await app?.close().catch(() => undefined);
  }
}

/** The `zoop-admin` command: dist/cli.js calls this (however it is reached: node, npx, a bin link). */
export function runCli() {
  exitOnStrayErrors('zoop-admin');
  main().then((code) => process.exit(code));
}

if (require.main === module) runCli();
