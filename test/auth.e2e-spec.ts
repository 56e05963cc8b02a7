import { newTenant, startApp, TestApp, TestTenant } from './support/app';
import { TOKEN_CACHE_MS } from '../src/auth/token-verifier';

describe('authentication and scopes', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  const listWith = (headers: Record<string, string>) => t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, headers);

  function expect401(res: { status: number; headers: Headers; body: any }) {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body.error.data.kind).toBe('unauthorized');
    expect(typeof res.body.error.message).toBe('string');
  }

  it('401 without a token', async () => {
    const res = await listWith({});
    expect401(res);
    expect(res.headers.get('www-authenticate')).not.toMatch(/error=/);
    // the scopes a first connection asks for: every tool's (as scopes_supported)
    const scope = /scope="([^"]+)"/.exec(res.headers.get('www-authenticate')!)![1].split(' ');
    expect(scope).toEqual(t.allScopes);
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['an empty bearer', 'Bearer '],
    ['an unknown user key', 'Bearer zoop_uk_' + 'A'.repeat(43)],
    ['an unknown tenant key', 'Bearer zoop_tk_' + 'B'.repeat(43)],
    ['a token of another kind', 'Bearer eyJhbGciOiJub25lIn0.e30.'],
    ['a token with a trailing part', 'Bearer zoop_uk_' + 'A'.repeat(43) + ' extra'],
    ['two spaces after the scheme', 'Bearer  zoop_uk_' + 'A'.repeat(43)],
  ])('401 for %s', async (_label, authorization) => {
    const res = await listWith({ authorization });
    expect401(res);
  });

  it('401 for a revoked key, from the moment it is revoked', async () => {
    const key = await t.tenancy.issueKey({ tenantId: a.tenantId, userId: a.userId, scopes: ['read:customers'] });
    expect((await listWith({ authorization: `Bearer ${key.token}` })).status).toBe(200);
    await t.tenancy.revokeKey(key.id);
    expect401(await listWith({ authorization: `Bearer ${key.token}` }));
  });

  it("401 for an expired key (within the verifier's cache time, under a second)", async () => {
    const key = await t.tenancy.issueKey({ tenantId: a.tenantId, scopes: ['read:customers'], expiresInDays: 1 });
    expect((await listWith({ authorization: `Bearer ${key.token}` })).status).toBe(200);
    await t.ds.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
    await new Promise((r) => setTimeout(r, TOKEN_CACHE_MS + 50));
    expect401(await listWith({ authorization: `Bearer ${key.token}` }));
  });

  it('the scheme is case-insensitive (RFC 6750)', async () => {
    const key = await t.tenancy.issueKey({ tenantId: a.tenantId, userId: a.userId, scopes: ['read:customers'] });
    expect((await listWith({ authorization: `bearer ${key.token}` })).status).toBe(200);
    expect((await listWith({ authorization: `BEARER ${key.token}` })).status).toBe(200);
  });

  it('never takes a token from the query string', async () => {
    const res = await fetch(`${t.mcpUrl}?access_token=${a.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
  });

  it('stores only a hash of the key and records last use at most once a minute', async () => {
    const key = await t.tenancy.issueKey({ tenantId: a.tenantId, scopes: ['read:customers'], name: 'probe' });
    expect(key.token).toMatch(/^zoop_tk_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.ds.query(`SELECT token_hash, last_used_at FROM api_keys WHERE id = $1`, [key.id]);
    expect(row.token_hash.toString('utf8')).not.toContain(key.token.slice(8));
    expect(row.last_used_at).toBeNull();
    await listWith({ authorization: `Bearer ${key.token}` });
    const waitForUse = async () => {
      for (let i = 0; i < 50; i++) {
        const [r] = await t.ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.id]);
        if (r.last_used_at) return r.last_used_at as Date;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error('last_used_at was never written');
    };
    const first = await waitForUse();
    await listWith({ authorization: `Bearer ${key.token}` });
    await new Promise((res) => setTimeout(res, 100));
    const [again] = await t.ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.id]);
    expect(again.last_used_at.getTime()).toBe(first.getTime());
  });

  it('tools/list shows exactly the tools the scopes allow', async () => {
    const ro = await newTenant(t, ['read:customers']);
    expect((await ro.client.tools()).map((x) => x.name)).toEqual(['customers.get', 'customers.search']);
    const wo = await newTenant(t, ['write:customers']);
    expect((await wo.client.tools()).map((x) => x.name)).toEqual(['customers.archive', 'customers.create', 'customers.update']);
    const other = await newTenant(t, ['read:jobs']);
    expect((await other.client.tools()).every((x) => !x.name.startsWith('customers.'))).toBe(true);
  });

  it('403 insufficient_scope naming the scope, with the WWW-Authenticate challenge', async () => {
    const ro = await newTenant(t, ['read:customers']);
    const res = await ro.client.rpc('tools/call', { name: 'customers.create', arguments: { display_name: 'X' } });
    expect(res.status).toBe(403);
    // the contract's challenge, then where to step up the token's scopes (RFC 9728 §5.1)
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Bearer error="insufficient_scope", scope="write:customers", resource_metadata="http[^"]+\/\.well-known\/oauth-protected-resource\/api\/mcp"$/,
    );
    expect(res.body.error.data).toEqual({ kind: 'insufficient_scope', required_scope: 'write:customers' });
    expect(res.body.error.message).toContain('write:customers');
    // write does not imply read
    const wo = await newTenant(t, ['write:customers']);
    const read = await wo.client.rpc('tools/call', { name: 'customers.search', arguments: {} });
    expect(read.status).toBe(403);
    expect(read.body.error.data.required_scope).toBe('read:customers');
  });

  it('a tenant key may call tools that need no user, and its writes are un-attributed', async () => {
    const key = await t.tenancy.issueKey({ tenantId: a.tenantId, scopes: ['write:customers', 'read:customers'] });
    const c = await t.client(key.token).call('customers.create', { display_name: 'From a script' });
    expect(c.created_by).toBeNull();
    const u = await a.client.call('customers.create', { display_name: 'From a person' });
    expect(u.created_by).toBe(a.userId);
  });

  it("authenticates with its own app's token verifier, whichever app registered passport's bearer strategy last", async () => {
    // passport keeps one 'bearer' strategy per process: a second app (its own pool, cache and
    // revocation listeners) registers over the first, then closes; this app must not use it
    const other = await startApp();
    await other.close();
    const fresh = await newTenant(t, ['read:customers']);
    const res = await fresh.client.rpc('tools/list', {});
    expect(res.status).toBe(200);
    expect(res.body.result.tools.map((x: any) => x.name)).toContain('customers.search');
    // a key revoked through this app stops working at once (its verifier's revocation listener)
    await t.tenancy.revokeKey((await t.tenancy.listKeys(fresh.tenantId))[0].id);
    expect401(await fresh.client.rpc('tools/list', {}));
  });
});
