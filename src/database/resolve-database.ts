import { join } from 'node:path';
import { Client } from 'pg';
import { ZoopConfig } from '../config/config';
import { EmbeddedDatabase } from './embedded-postgres';

async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL with its data under ./.data/ — the one
 * already running (a server started it and the CLI shares it), or a new one this process owns.
 */
export async function resolveDatabase(config: ZoopConfig, log?: (m: string) => void): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const dir = join(config.dataDir, 'pg');
  const embedded = new EmbeddedDatabase({ dataDir: dir, port: config.embeddedPgPort });
  if (await answers(embedded.url)) return { url: embedded.url };
  log?.(`DATABASE_URL is not set: starting embedded PostgreSQL (data in ${dir}, port ${config.embeddedPgPort})`);
  return { url: await embedded.start(), embedded };
}
