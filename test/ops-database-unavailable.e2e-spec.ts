import { expectError, newTenant, startApp, TestApp } from './support/app';

// When no database connection can be had (the pool is exhausted by slow work, or the database stops
// answering), a call must not wait forever: it fails within DB_CONNECT_TIMEOUT_MS with a clear,
// retryable error, /readyz says 503, and the same process serves again once a connection frees up.
// (`npm run outage` shows the same with PostgreSQL really stopped and started.)
describe('database unavailable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // an ordinary app first, so the schema is migrated even when this file runs first on a fresh database
    await (await startApp()).close();
    // one connection, so the test can hold it; no start-up migration run (it needs two connections)
    t = await startApp({ DB_POOL_SIZE: '1', DB_CONNECT_TIMEOUT_MS: '300', RATE_LIMIT_PER_MINUTE: '0', MIGRATIONS_RUN: 'false' });
  });
  afterAll(() => t.close());

  it('fails fast with a clear error while no connection is free, then serves again without a restart', async () => {
    const a = await newTenant(t);
    await a.client.call('customers.create', { display_name: 'Held Plumbing' });

    const holder = t.ds.createQueryRunner();
    await holder.connect(); // takes the pool's only connection
    let released = false;
    try {
      const started = Date.now();
      const err = await expectError(a.client.call('customers.search', { q: 'held' }), 'internal');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(err.code).toBe(-32603);
      expect(err.message).toMatch(/^Zoop cannot reach its database right now; retry in a few seconds \(request [\w-]+\)\.$/);
      expect(err.data).toEqual({ kind: 'internal', request_id: expect.any(String) });

      const ready = await fetch(`${t.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).not.toMatch(/timeout exceeded|ECONN|127\.0\.0\.1/);
    } finally {
      await holder.release();
      released = true;
    }
    expect(released).toBe(true);
    await expect(a.client.call('customers.search', { q: 'held' })).resolves.toMatchObject({ count: 1 });
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
  });
});
