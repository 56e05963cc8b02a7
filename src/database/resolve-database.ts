import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ZoopConfig } from '../config/config';
import { clusterPassword, EmbeddedDatabase, embeddedUrl } from './embedded-postgres';

// Where the database is, without DATABASE_URL: the embedded cluster in <ZOOP_DATA_DIR>/pg.
// - The server (`npm start`) uses the one in its ZOOP_DATA_DIR: it joins it when it is running
//   (another server process, or a CLI run), otherwise starts it, making it first if need be. It then
//   records the data directory's absolute path in a pointer file in the user's state folder
//   (`$XDG_STATE_HOME/zoop/database.json`, by default `~/.local/state/zoop/database.json`).
// - The CLI never makes a cluster (only `zoop-admin init` does): it uses ZOOP_DATA_DIR when set,
//   else ./.data when a cluster is there, else the pointer's. A running cluster is found by its
//   postmaster.pid (PostgreSQL's own record of its port), so the CLI shares it whatever port it was
//   started on; a stopped one is started on EMBEDDED_PG_PORT for the CLI's run.

export interface Database {
  url: string;
  embedded?: EmbeddedDatabase;
}

export class NoDatabaseError extends Error {}

type Env = Record<string, string | undefined>;

/** The pointer file naming the data directory the last Zoop server on this account used. */
export function pointerFile(env: Env = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'zoop', 'database.json');
}

/** Whether PostgreSQL at `url` accepts a connection (its credentials included) within `timeoutMs`. */
export async function answers(url: string, timeoutMs = 1000): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const clusterIn = (dataDir: string) => resolve(dataDir, 'pg');
const hasCluster = (dataDir: string) => existsSync(join(clusterIn(dataDir), 'PG_VERSION'));

/** The URL of the cluster in dataDir when it is running (its postmaster.pid's port answers), else undefined. */
async function runningUrl(dataDir: string): Promise<string | undefined> {
  const pid = join(clusterIn(dataDir), 'postmaster.pid');
  let port: number;
  try {
    port = Number(readFileSync(pid, 'utf8').split('\n')[3]); // PostgreSQL writes its port on line 4
  } catch {
    return undefined;
  }
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const url = embeddedUrl(clusterPassword(clusterIn(dataDir)), port, 'zoop');
  return (await answers(url)) ? url : undefined;
}

async function useCluster(config: ZoopConfig, dataDir: string, log?: (m: string) => void): Promise<Database> {
  const running = await runningUrl(dataDir);
  if (running) return { url: running };
  const dir = clusterIn(dataDir);
  const embedded = new EmbeddedDatabase({ dataDir: dir, port: config.embeddedPgPort, rootClustersDir: config.rootClustersDir });
  log?.(`DATABASE_URL is not set: starting embedded PostgreSQL (data in ${dir}, port ${config.embeddedPgPort})`);
  return { url: await embedded.start(), embedded };
}

/** The server's database (and `zoop-admin init`'s): the cluster in ZOOP_DATA_DIR, made when there is none. */
export async function resolveDatabase(config: ZoopConfig, log?: (m: string) => void, env: Env = process.env): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const db = await useCluster(config, config.dataDir, log);
  try {
    const file = pointerFile(env);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ data_dir: resolve(config.dataDir) }) + '\n', { mode: 0o600 });
  } catch (err) {
    log?.(`could not record the data directory in ${pointerFile(env)} (the CLI elsewhere will not find it): ${(err as Error).message}`);
  }
  return db;
}

/** The admin CLI's database: the server's (see above); never a new one. */
export async function findDatabase(config: ZoopConfig, env: Env = process.env): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const candidates: string[] = [];
  if (env.ZOOP_DATA_DIR?.trim()) candidates.push(config.dataDir);
  else {
    candidates.push(config.dataDir);
    try {
      const { data_dir } = JSON.parse(readFileSync(pointerFile(env), 'utf8'));
      if (typeof data_dir === 'string') candidates.push(data_dir);
    } catch {
      /* no server has recorded one */
    }
  }
  const found = candidates.find(hasCluster);
  if (found) return useCluster(config, found);
  throw new NoDatabaseError(
    `no Zoop database found (looked in ${candidates.map((d) => clusterIn(d)).join(' and ')}): ` +
      'start the server once (`npm start`) or create one with `zoop-admin init`, run this from the folder you run the server in, or set ZOOP_DATA_DIR or DATABASE_URL as the server has them',
  );
}
