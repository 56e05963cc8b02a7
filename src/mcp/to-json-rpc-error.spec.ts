import { createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable, RPC, toJsonRpcError } from './to-json-rpc-error';

// Real errors from the real driver: what a caller sees when the database is gone must be a clear,
// retryable `internal` error that names no host, port, driver or SQL.
const log = new Logger('spec');
beforeAll(() => Logger.overrideLogger(false));

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as import('node:net').AddressInfo;
      s.close(() => resolve(port));
    });
  });

const LEAKS = /ECONN|127\.0\.0\.1|postgres|terminat|SELECT|pg_|\bat\s/i;

describe('toJsonRpcError when the database is unavailable', () => {
  it('maps a refused connection to a clear internal error without details', async () => {
    const port = await closedPort();
    const ds = new DataSource({ type: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/nope` });
    const err = await ds.initialize().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeTruthy();
    expect(isDatabaseUnavailable(err)).toBe(true);
    const e = toJsonRpcError(err, log, 'req-1');
    expect(e).toEqual({ code: RPC.internal, message: expect.stringMatching(/cannot reach its database.*retry.*req-1/), data: { kind: 'internal', request_id: 'req-1' } });
    expect(e.message).not.toMatch(LEAKS);
  });

  it('maps a connection the server terminated mid-session (57P01) the same way', async () => {
    const victim = new Client({ connectionString: process.env.DATABASE_URL });
    const killer = new Client({ connectionString: process.env.DATABASE_URL });
    await victim.connect();
    await killer.connect();
    victim.on('error', () => undefined);
    try {
      const [{ pid }] = (await victim.query('SELECT pg_backend_pid() AS pid')).rows;
      await killer.query('SELECT pg_terminate_backend($1::int)', [pid]); // ::int: Citus adds a bigint overload
      const err = await victim.query('SELECT 1').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeTruthy();
      expect(isDatabaseUnavailable(err)).toBe(true);
      const e = toJsonRpcError(err, log, 'req-2');
      expect(e.data.kind).toBe('internal');
      expect(e.message).toMatch(/cannot reach its database/);
      expect(e.message).not.toMatch(LEAKS);
    } finally {
      await killer.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('leaves a plain bug as the generic internal error', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const err = await client.query('SELECT * FROM no_such_table').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(err)).toBe(false);
      const e = toJsonRpcError(err, log, 'req-3');
      expect(e).toEqual({ code: RPC.internal, message: 'Internal error (request req-3).', data: { kind: 'internal', request_id: 'req-3' } });
    } finally {
      await client.end();
    }
  });
});
