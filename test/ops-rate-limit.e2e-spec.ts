import { ChildProcess } from 'node:child_process';
import { ACCEPT, awayFromWindowEdge, newTenant, startApp, TestApp } from './support/app';
import { ensureBuild, freePort, spawnServer } from './support/server';
import { connect, startOAuthApp, token, userWithPassword } from './support/oauth';
import { runCli } from './support/cli';
import { SYNC_INTERVAL_MS } from '../src/ops/rate-limit/synced.storage';
import { TOKEN_CACHE_MS } from '../src/auth/token-verifier';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for every process to have sent its hits and heard the others' (two sync intervals and some). */
const afterSync = () => sleep(3 * SYNC_INTERVAL_MS);

const post = (base: string, token: string, id = 1) =>
  fetch(`${base}/api/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'customers.search', arguments: {} } }),
  });

// Two real server processes on one database, counting in memory and syncing through PostgreSQL.
describe('rate limits: counted in memory, shared by two server processes through PostgreSQL', () => {
  const LIMIT = 20;
  let t: TestApp;
  let children: ChildProcess[] = [];
  let urls: string[] = [];
  beforeAll(async () => {
    ensureBuild();
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    const servers = await Promise.all([1, 2].map(() => spawnServer('ignore', { RATE_LIMIT_PER_MINUTE: String(LIMIT) })));
    children = servers.map((s) => s.child);
    urls = servers.map((s) => s.url);
  }, 180_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await t.close();
  });

  it('a burst on both at once admits at least the limit and at most processes × limit; after a sync both refuse', async () => {
    await awayFromWindowEdge();
    const a = await newTenant(t);
    // 3 × the limit at once, half to each process: neither has heard of the other's hits yet
    const statuses = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => post(urls[i % 2], a.token, i).then((r) => r.status)));
    const ok = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(LIMIT);
    expect(ok).toBeLessThanOrEqual(2 * LIMIT); // the stated bound: N × limit in one window
    await afterSync();
    for (const url of urls) {
      const res = await post(url, a.token);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await res.json()) as any).error.data.kind).toBe('rate_limited');
    }
  });

  it('calls spread over both processes with a sync in between share one budget exactly', async () => {
    await awayFromWindowEdge();
    const a = await newTenant(t);
    for (let i = 0; i < 12; i++) expect((await post(urls[0], a.token)).status).toBe(200);
    await afterSync();
    for (let i = 0; i < 8; i++) expect((await post(urls[1], a.token)).status).toBe(200);
    await afterSync();
    // 20 spent: the 21st is refused on either process
    expect((await post(urls[1], a.token)).status).toBe(429);
    expect((await post(urls[0], a.token)).status).toBe(429);
    // the database holds one row per key and window, with every hit of both processes
    const [row] = await t.ds.query(`SELECT sum(hits)::int AS hits FROM rate_limit_counters WHERE key LIKE $1`, [
      `%${(await t.ds.query(`SELECT id FROM api_keys WHERE tenant_id = $1`, [a.tenantId]))[0].id}%`,
    ]);
    expect(row.hits).toBeGreaterThanOrEqual(20);
  });

  it('a key revoked with the CLI is refused by every process within a second', async () => {
    const a = await newTenant(t);
    for (const url of urls) expect((await post(url, a.token)).status).toBe(200); // now cached in both
    const keyId = (await t.ds.query(`SELECT id FROM api_keys WHERE tenant_id = $1`, [a.tenantId]))[0].id;
    expect((await runCli('key:revoke', '--id', keyId, '--json')).code).toBe(0);
    await sleep(TOKEN_CACHE_MS + 100);
    for (const url of urls) expect((await post(url, a.token)).status).toBe(401);
  });
});

describe('rate limits: keyed on the credential (B10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('a refreshed OAuth access token spends the same budget as the one before it', async () => {
    await awayFromWindowEdge();
    const user = await userWithPassword(t);
    const { client, tokens } = await connect(t, user, 'read:customers');
    for (let i = 0; i < 3; i++) expect((await post(t.baseUrl, tokens.access_token)).status).toBe(200);
    const refreshed = await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    for (let i = 0; i < 2; i++) expect((await post(t.baseUrl, refreshed.body.access_token)).status).toBe(200);
    const res = await post(t.baseUrl, refreshed.body.access_token);
    expect(res.status).toBe(429);
    expect(((await res.json()) as any).error.data.kind).toBe('rate_limited');
  });

  it('/oauth/token is limited per client address and client_id', async () => {
    await awayFromWindowEdge();
    const user = await userWithPassword(t);
    const { client } = await connect(t, user); // one /oauth/token call spent
    const bogus = { grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token', client_id: client.client_id };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await token(t, bogus));
    expect(answers.slice(0, 4).map((a) => a.body.error)).toEqual(['invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_grant']);
    expect(answers[4]).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    // another client from the same address has its own budget
    const other = await connect(t, user);
    expect(other.tokens.access_token).toEqual(expect.any(String));
  });
});

describe('rate limits: Redis unreachable (B11)', () => {
  let t: TestApp;
  const errors: string[] = [];
  let spy: jest.SpyInstance;
  beforeAll(async () => {
    // nothing listens there: a closed port, on any machine
    const port = await freePort();
    spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(' ')));
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t.close();
    spy.mockRestore();
  });

  it('calls are served and limited per process, /readyz says so, and no unhandled Redis error event', async () => {
    await awayFromWindowEdge();
    const a = await newTenant(t);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(t.baseUrl, a.token);
      statuses.push(res.status);
      if (res.status === 200) expect(((await res.json()) as any).error).toBeUndefined();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).info.rate_limit).toMatchObject({ status: 'up', degraded: true, store: 'local (Redis unreachable)' });
    await sleep(1600); // ioredis retried the connection meanwhile
    expect(errors.filter((e) => e.includes('Unhandled error event'))).toEqual([]);
  });
});
