import { newTenant, startApp, TestApp, TestTenant } from './support/app';
import { IdempotencyService } from '../src/idempotency/idempotency.service';

// Issue 8: toolsets, read-only connections and idempotent writes, through the real endpoint.
describe('agents: toolsets, read-only mode, idempotency keys', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  const listWith = async (token: string, headers: Record<string, string>, query = '') => {
    const res = await fetch(`${t.mcpUrl}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    return (await res.json()) as any;
  };
  const callWith = async (token: string, name: string, args: object, headers: Record<string, string> = {}, query = '', meta?: object) => {
    const res = await fetch(`${t.mcpUrl}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) } }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const names = (body: any) => body.result.tools.map((x: any) => x.name);

  it('X-MCP-Toolsets narrows tools/list to those entities', async () => {
    const body = await listWith(a.token, { 'x-mcp-toolsets': 'customers' });
    expect(names(body).length).toBeGreaterThan(0);
    expect(names(body).every((n: string) => n.startsWith('customers.'))).toBe(true);
  });

  it('?readonly=1 shows only read tools, and ?toolsets= works as the header does', async () => {
    const body = await listWith(a.token, {}, '?toolsets=customers&readonly=1');
    expect(names(body).sort()).toEqual(['customers.get', 'customers.search']);
    const hdr = await listWith(a.token, { 'x-mcp-readonly': 'true', 'x-mcp-toolsets': 'customers' });
    expect(names(hdr).sort()).toEqual(['customers.get', 'customers.search']);
  });

  it('the view is intersected with the token scopes', async () => {
    const reader = await newTenant(t, ['read:customers']);
    const body = await listWith(reader.token, { 'x-mcp-toolsets': 'customers,jobs' });
    expect(names(body).every((n: string) => ['customers.get', 'customers.search'].includes(n))).toBe(true);
  });

  it('calling a write tool on a read-only connection is invalid_input saying why, and writes nothing', async () => {
    const r = await callWith(a.token, 'customers.create', { display_name: 'Nope' }, { 'x-mcp-readonly': '1' });
    expect(r.body.error.data.kind).toBe('invalid_input');
    expect(r.body.error.message).toMatch(/read-only/);
    const found = await a.client.call('customers.search', { q: 'Nope' });
    expect(found.count).toBe(0);
  });

  it('calling a tool outside the toolsets is invalid_input', async () => {
    const r = await callWith(a.token, 'customers.search', {}, { 'x-mcp-toolsets': 'jobs' });
    expect(r.body.error.data.kind).toBe('invalid_input');
    expect(r.body.error.message).toMatch(/outside the toolsets/);
  });

  it('an unknown toolset name or a bad readonly flag is invalid_input naming it', async () => {
    const r1 = await listWith(a.token, { 'x-mcp-toolsets': 'customers,widgets' });
    expect(r1.error.data.kind).toBe('invalid_input');
    expect(r1.error.data.issues[0].path).toBe('X-MCP-Toolsets');
    expect(r1.error.message).toMatch(/widgets/);
    const r2 = await listWith(a.token, {}, '?readonly=maybe');
    expect(r2.error.data.issues[0].path).toBe('readonly');
  });

  describe('idempotency keys', () => {
    it('a repeated create with the same key returns the first result and writes once', async () => {
      const args = { display_name: 'Idem Once' };
      const first = await callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-once-1' });
      const second = await callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-once-1' });
      expect(second.body.result.structuredContent).toEqual(first.body.result.structuredContent);
      const found = await a.client.call('customers.search', { q: 'Idem Once' });
      expect(found.count).toBe(1);
    });

    it('the key may come in params._meta["zoop/idempotency_key"]', async () => {
      const args = { display_name: 'Idem Meta' };
      const first = await callWith(a.token, 'customers.create', args, {}, '', { 'zoop/idempotency_key': 'k-meta' });
      const second = await callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-meta' });
      expect(second.body.result.structuredContent.id).toBe(first.body.result.structuredContent.id);
    });

    it('20 concurrent repeats create exactly one record', async () => {
      const args = { display_name: 'Idem Race' };
      const all = await Promise.all(Array.from({ length: 20 }, () => callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-race' })));
      const ids = new Set(all.map((r) => r.body.result?.structuredContent?.id));
      expect(ids.size).toBe(1);
      expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
      const found = await a.client.call('customers.search', { q: 'Idem Race' });
      expect(found.count).toBe(1);
    });

    it('the same key with different arguments is conflict', async () => {
      await callWith(a.token, 'customers.create', { display_name: 'Idem A' }, { 'idempotency-key': 'k-diff' });
      const r = await callWith(a.token, 'customers.create', { display_name: 'Idem B' }, { 'idempotency-key': 'k-diff' });
      expect(r.body.error.data.kind).toBe('conflict');
    });

    it('keys belong to one token: another token with the same key writes its own record', async () => {
      const other = await t.tenancy.issueKey({ tenantId: a.tenantId, userId: a.userId, scopes: [...t.allScopes] });
      const r1 = await callWith(a.token, 'customers.create', { display_name: 'Idem Tok' }, { 'idempotency-key': 'k-tok' });
      const r2 = await callWith(other.token, 'customers.create', { display_name: 'Idem Tok' }, { 'idempotency-key': 'k-tok' });
      expect(r2.body.result.structuredContent.id).not.toBe(r1.body.result.structuredContent.id);
    });

    it('a key older than 24 hours no longer replays', async () => {
      const args = { display_name: 'Idem Old' };
      const r1 = await callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-old' });
      await t.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k-old' AND tenant_id = $1`, [a.tenantId]);
      const r2 = await callWith(a.token, 'customers.create', args, { 'idempotency-key': 'k-old' });
      expect(r2.body.result.structuredContent.id).not.toBe(r1.body.result.structuredContent.id);
    });

    it('expired keys are purged, fresh ones kept', async () => {
      await callWith(a.token, 'customers.create', { display_name: 'Idem Purge' }, { 'idempotency-key': 'k-purge' });
      await callWith(a.token, 'customers.create', { display_name: 'Idem Keep' }, { 'idempotency-key': 'k-keep' });
      await t.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k-purge' AND tenant_id = $1`, [a.tenantId]);
      expect(await t.app.get(IdempotencyService).purgeExpired(t.ds.manager)).toBeGreaterThanOrEqual(1);
      const left = await t.ds.query(`SELECT key FROM idempotency_keys WHERE tenant_id = $1 AND key IN ('k-purge','k-keep')`, [a.tenantId]);
      expect(left.map((r: any) => r.key)).toEqual(['k-keep']);
    });

    it('a failed call leaves the key free, so the corrected retry runs', async () => {
      const bad = await callWith(a.token, 'customers.create', { display_name: '' }, { 'idempotency-key': 'k-fail' });
      expect(bad.body.error.data.kind).toBe('invalid_input');
      const rows = await t.ds.query(`SELECT 1 FROM idempotency_keys WHERE key = 'k-fail' AND tenant_id = $1`, [a.tenantId]);
      expect(rows).toHaveLength(0);
    });

    it('a malformed key is invalid_input naming Idempotency-Key', async () => {
      const r = await callWith(a.token, 'customers.create', { display_name: 'x' }, { 'idempotency-key': 'has space' });
      expect(r.body.error.data.issues[0].path).toBe('Idempotency-Key');
    });
  });
});
