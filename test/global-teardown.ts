import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../src/database/embedded-postgres';

export default async function globalTeardown() {
  const pg = (globalThis as any).__ZOOP_PG__ as { db: EmbeddedDatabase; parent: string } | undefined;
  if (!pg) return;
  await pg.db.stop();
  rmSync(pg.parent, { recursive: true, force: true }); // the data and its password file
}
