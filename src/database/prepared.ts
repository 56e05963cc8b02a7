import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a named statement: PostgreSQL parses and plans it once per connection, then only binds and
 * executes it (the pg driver prepares it on a connection the first time it sees the name there).
 * For the hot statements whose text is fixed (the key lookup, jobs.get, each jobs.list filter set):
 * on the bench the unnamed TypeORM path cost PostgreSQL several times the CPU per call, mostly planning.
 * `name` must always come with the same `text`. Inside a write transaction it runs on that transaction's
 * connection; errors are pg's own (the error mapper reads their SQLSTATE as it does TypeORM's).
 */
export async function preparedQuery<T = Record<string, unknown>>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  if (name.length > MAX_NAME) name = shortName(name);
  const runner = em.queryRunner;
  if (runner && !runner.isReleased) {
    const client = await runner.connect();
    return (await client.query({ name, text, values })).rows;
  }
  const [client, release] = await (em.connection.driver as PostgresDriver).obtainMasterConnection();
  try {
    return (await client.query({ name, text, values })).rows;
  } finally {
    release();
  }
}

// PostgreSQL cuts identifiers, statement names too, to 63 bytes (NAMEDATALEN − 1): two longer names
// sharing their first 63 characters would name one statement. A long name keeps a readable head and
// ends in a hash of the whole name; computed once per name.
const MAX_NAME = 63;
const SHORT = new Map<string, string>();
function shortName(name: string): string {
  let short = SHORT.get(name);
  if (short === undefined) {
    short = `${name.slice(0, 46)}#${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
    SHORT.set(name, short);
  }
  return short;
}
