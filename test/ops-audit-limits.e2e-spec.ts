import { Client } from 'pg';
import { awayFromWindowEdge, expectError, newTenant, startApp, TestApp } from './support/app';
import { SYNC_INTERVAL_MS } from '../src/ops/rate-limit/synced.storage';

const afterSync = () => new Promise((r) => setTimeout(r, 3 * SYNC_INTERVAL_MS));
import { main as cli } from '../src/cli';

describe('ops: audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t.close());

  it('records every successful write tool call in its transaction, and none for failed calls or reads', async () => {
    const a = await newTenant(t);
    const c = await a.client.call('customers.create', { display_name: 'Audited', email: 'a@x.example' });
    await a.client.call('customers.update', { id: c.id, phone: '555' });
    await a.client.call('customers.archive', { id: c.id });
    await a.client.call('customers.search', {});
    await expectError(a.client.call('customers.create', { display_name: '' }), 'invalid_input');
    await expectError(a.client.call('customers.update', { id: '00000000-0000-4000-8000-000000000000', phone: '1' }), 'not_found');
    const rows = await t.ds.query(`SELECT tool, actor_kind, actor_id, target_id, changes FROM audit_events WHERE tenant_id = $1 ORDER BY at, tool`, [a.tenantId]);
    expect(rows.map((r: any) => r.tool).sort()).toEqual(['customers.archive', 'customers.create', 'customers.update']);
    for (const r of rows) expect(r).toMatchObject({ actor_kind: 'user', actor_id: a.userId, target_id: c.id });
    expect(rows.find((r: any) => r.tool === 'customers.update').changes).toEqual({ phone: '555' });

    const out: string[] = [];
    const write = process.stdout.write;
    (process.stdout as any).write = (s: string) => (out.push(s), true);
    try {
      expect(await cli(['audit:list', '--tenant', a.tenantId, '--json'])).toBe(0);
    } finally {
      (process.stdout as any).write = write;
    }
    const listed = JSON.parse(out.join(''));
    expect(listed.data).toHaveLength(3);
    expect(Object.keys(listed.data[0]).sort()).toEqual(['actor', 'at', 'changes', 'target_id', 'tool']);
    expect(listed.data[0].actor).toBe(a.userId);
  });
});

describe('ops: rate limits', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    // `one` stands behind a proxy (TRUST_PROXY): client addresses come from X-Forwarded-For
    one = await startApp({ RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' });
    two = await startApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('answers 429 with Retry-After and data.kind rate_limited after the budget, shared by two server instances', async () => {
    await awayFromWindowEdge();
    const a = await newTenant(one);
    const viaTwo = two.client(a.token);
    for (let i = 0; i < 3; i++) expect((await a.client.rpc('tools/list', {})).status).toBe(200);
    await afterSync(); // each instance counts in memory and shares its hits in the background
    for (let i = 0; i < 2; i++) expect((await viaTwo.rpc('tools/list', {})).status).toBe(200);
    await afterSync();
    const res = await viaTwo.rpc('tools/call', { name: 'customers.search', arguments: {} });
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({ code: -32013, data: { kind: 'rate_limited' } });
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await a.client.rpc('tools/list', {})).status).toBe(429);
    // another token has its own budget
    const b = await newTenant(one);
    expect((await b.client.rpc('tools/list', {})).status).toBe(200);
  });

  it('limits unauthenticated floods per client address', async () => {
    await awayFromWindowEdge();
    // a fresh client address per run (the server trusts X-Forwarded-For from its proxy)
    const address = `10.${process.pid % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const headers: Record<string, string> = { 'x-forwarded-for': address, ...(i % 2 ? { authorization: `Bearer zoop_uk_bogus${i}` } : {}) };
      statuses.push((await one.post({ jsonrpc: '2.0', id: i, method: 'tools/list' }, headers)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a flood cannot spread itself over made-up addresses', async () => {
    await awayFromWindowEdge();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // a new made-up address on every request: counted all the same under the real one
      const headers = { 'x-forwarded-for': `10.99.${i}.${process.pid % 250}`, authorization: `Bearer zoop_uk_bogus${i}` };
      statuses.push((await two.post({ jsonrpc: '2.0', id: i, method: 'tools/list' }, headers)).status);
    }
    // other tests may have spent some of 127.0.0.1's budget already: only the refusal is certain
    expect(statuses.slice(5)).toContain(429);
  });
});

describe('ops: health and metrics', () => {
  let t: TestApp;
  const db = `zoop_ready_${process.pid}_${Date.now()}`;
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    t = await startApp({ DATABASE_URL: url.toString(), RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await t.close();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  });

  it('/healthz is up; /readyz fails while the database refuses connections and recovers when it is back', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ok = await fetch(`${t.baseUrl}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } });

    await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db]);
    // termination is asynchronous: a pooled connection may answer once more before it dies
    let down = await fetch(`${t.baseUrl}/readyz`);
    for (let i = 0; i < 20 && down.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      down = await fetch(`${t.baseUrl}/readyz`);
    }
    expect(down.status).toBe(503);
    const body: any = await down.json();
    expect(body.error.database.status).toBe('down');
    expect(JSON.stringify(body)).not.toMatch(/postgres:\/\//);

    await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await fetch(`${t.baseUrl}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });

  it('/metrics counts requests per tool and outcome in Prometheus format', async () => {
    const a = await newTenant(t);
    await a.client.call('customers.create', { display_name: 'M' });
    await expectError(a.client.call('customers.create', {}), 'invalid_input');
    await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/zoop_mcp_requests_total\{tool="customers.create",outcome="ok"\} 1/);
    expect(text).toMatch(/zoop_mcp_requests_total\{tool="customers.create",outcome="invalid_input"\} 1/);
    expect(text).toMatch(/zoop_mcp_requests_total\{tool="tools\/list",outcome="401"\} 1/);
    expect(text).toContain('zoop_mcp_request_duration_seconds_bucket');
    expect(text).toContain('zoop_scheduler_runs_total');
    expect(text).toContain('zoop_series_instances_generated_total');
  });
});
