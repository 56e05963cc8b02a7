import { GadgetsModule, MisnamedModule, seen } from './support/gadgets';
import { newTenant, startApp, tenantKey, TestApp } from './support/app';
import { Test } from '@nestjs/testing';
import { ToolRegistry } from '../src/mcp/tool-registry';
import { ScopesModule } from '../src/auth/scopes.module';

// Scopes come from the tools, and every tools/call runs its tool method's guards and interceptors
// through Nest's pipeline (issue 16 items 2 and 3), shown with a test-only entity module
// (test/support/gadgets.ts) that only the second app has: an entity "added later".
describe('tools through Nest guards and interceptors; scopes derived from the tools', () => {
  let before: TestApp; // the server as it ships
  let after: TestApp; // the same database, with the gadgets module added

  beforeAll(async () => {
    before = await startApp();
    after = await startApp({}, [GadgetsModule]);
  });
  afterAll(async () => {
    await before?.close();
    await after?.close();
  });

  it('the scope set and the toolsets are derived from the tools: the added module brings read:/write:gadgets', () => {
    expect(before.allScopes).not.toContain('read:gadgets');
    expect(after.allScopes).toEqual([...before.allScopes, 'read:gadgets', 'write:gadgets']);
    expect(after.entities).toEqual([...before.entities, 'gadgets']);
  });

  it('a key issued with `all` before the module existed sees and calls its tools; a key with every scope listed does not', async () => {
    const a = await newTenant(before, ['all']);
    const listed = await newTenant(before, before.allScopes);
    const stored = (await before.tenancy.listKeys(a.tenantId))[0].scopes;
    expect(stored).toEqual(['all']);

    const namesBefore = (await a.client.tools()).map((t: any) => t.name);
    expect(namesBefore).toHaveLength(before.app.get(ToolRegistry).all().length);
    expect(namesBefore.filter((n: string) => n.startsWith('gadgets.'))).toEqual([]);

    const allAfter = after.client(a.token);
    const namesAfter = (await allAfter.tools()).map((t: any) => t.name);
    expect(namesAfter).toEqual(expect.arrayContaining(['gadgets.get', 'gadgets.list', 'gadgets.search', ...namesBefore]));
    expect(namesAfter).toHaveLength(namesBefore.length + 3);
    expect(await allAfter.call('gadgets.list', {})).toEqual({ data: [{ label: 'g1' }], tenant_id: a.tenantId });

    // toolsets: the entity's name is a toolset where its module is loaded, unknown elsewhere
    const narrowed = await allAfter.rpc('tools/list', {}, { 'x-mcp-toolsets': 'gadgets' });
    expect(narrowed.body.result.tools.map((t: any) => t.name).sort()).toEqual(['gadgets.get', 'gadgets.list', 'gadgets.search']);
    const unknown = await a.client.rpc('tools/list', {}, { 'x-mcp-toolsets': 'gadgets' });
    expect(unknown.body.error.data.kind).toBe('invalid_input');

    // every scope as it was listed at issue time is not `all`: 403 naming the new scope
    const res = await after.client(listed.token).rpc('tools/call', { name: 'gadgets.list', arguments: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.data).toEqual({ kind: 'insufficient_scope', required_scope: 'read:gadgets' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope", scope="read:gadgets"/);
    expect((await after.client(listed.token).tools()).map((t: any) => t.name)).not.toContain('gadgets.list');
  });

  it("a tool's own @UseGuards and @UseInterceptors run on tools/call, after the scope guard, in the 'mcp' context", async () => {
    const a = await newTenant(after, ['all']);
    seen.guard.length = 0;
    seen.interceptor.length = 0;

    expect(await a.client.call('gadgets.get', { label: 'open' })).toEqual({ label: 'open', tenant_id: a.tenantId, intercepted: true });
    expect(seen.guard).toEqual([{ type: 'mcp', tenantId: a.tenantId, args: { label: 'open' } }]);
    expect(seen.interceptor).toEqual(['mcp:get']);

    // the guard refuses: 403 forbidden, the tool and its interceptor do not run
    const refused = await a.client.rpc('tools/call', { name: 'gadgets.get', arguments: { label: 'locked' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.data.kind).toBe('forbidden');
    expect(seen.interceptor).toHaveLength(1);

    // the scope guard runs first: without read:gadgets the tool's guard never sees the call
    const noScope = await newTenant(after, ['read:jobs']);
    const res = await noScope.client.rpc('tools/call', { name: 'gadgets.get', arguments: { label: 'open' } });
    expect(res.status).toBe(403);
    expect(res.body.error.data).toEqual({ kind: 'insufficient_scope', required_scope: 'read:gadgets' });
    expect(seen.guard).toHaveLength(2);

    // guards see the raw arguments; validation comes after them (as pipes do after guards in HTTP)
    const bad = await a.client.rpc('tools/call', { name: 'gadgets.get', arguments: { label: 42 } });
    expect(bad.body.error.data.kind).toBe('invalid_input');
    expect(seen.guard[2].args).toEqual({ label: 42 });
  });

  it('@RequiresUser() on a tool: UserActorGuard refuses a tenant key with invalid_input, a user key passes', async () => {
    const a = await newTenant(after, ['all']);
    expect(await a.client.call('gadgets.search', {})).toEqual({ data: [], user_id: a.userId });
    const tk = await tenantKey(after, a.tenantId, ['all']);
    const res = await tk.rpc('tools/call', { name: 'gadgets.search', arguments: {} });
    expect(res.status).toBe(200);
    expect(res.body.error.data).toEqual({ kind: 'invalid_input', issues: [{ path: '', message: 'this tool needs a user actor' }] });
  });

  it('start-up fails, naming the tool, on a tool whose scope is not read:/write: of its own entity', async () => {
    // the scope catalogue every app (server, CLI) loads, with the misnamed module beside it (no database needed)
    const moduleRef = await Test.createTestingModule({ imports: [ScopesModule, MisnamedModule] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(/gizmos\.list.*"read:jobs".*read:gizmos or write:gizmos/);
    await moduleRef.close().catch(() => undefined);
  });
});
