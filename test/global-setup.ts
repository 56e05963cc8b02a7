// Starts one throwaway embedded PostgreSQL for the whole run, unless DATABASE_URL is given: the
// server's own EmbeddedDatabase (random password file, running as root from any folder).
// Migrations run when the first test app boots (under an advisory lock, as in production).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../src/database/embedded-postgres';
import { freePort } from './support/server';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const parent = mkdtempSync(join(tmpdir(), 'zoop-test-'));
  chmodSync(parent, 0o755); // the server runs as the postgres OS user when we are root
  const db = new EmbeddedDatabase({ dataDir: join(parent, 'pg'), port: await freePort(), persistent: false, database: 'zoop_test' });
  (globalThis as any).__ZOOP_PG__ = { db, parent };
  try {
    process.env.DATABASE_URL = await db.start();
  } catch (err) {
    await db.stop();
    throw new Error(`embedded PostgreSQL for the tests failed to start: ${(err as Error).message}`);
  }
  process.env.ZOOP_TEST_EMBEDDED = '1';
}
