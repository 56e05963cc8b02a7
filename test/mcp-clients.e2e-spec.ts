import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import type * as Prebuilt from '@langchain/langgraph/dist/prebuilt/index.js';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { newTenant, registeredToolNames, startApp, TestApp, TestTenant } from './support/app';
import { startOAuthApp } from './support/oauth';

// Issue 15, B5 / C7 / C8 / C9: clients nobody here wrote, as they are, against a real app.
// Each test names the client and the protocol revision it ends up speaking (the README's "Clients" table).
const MODERN = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const MISSING = '00000000-0000-4000-8000-000000000000';
// the package's exports map names this subpath; the project's TypeScript resolution (node10) reads types by file
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ToolNode } = require('@langchain/langgraph/prebuilt') as typeof Prebuilt;

describe('MCP clients: both protocol eras, agent hosts', () => {
  let t: TestApp;
  let a: TestTenant;
  const auth = () => ({ authorization: `Bearer ${a.token}` });

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  describe('the 2026-07-28 revision on the wire (B5)', () => {
    it('server/discover tells the versions, capabilities and instructions, without initialize', async () => {
      const res = await a.client.rpc('server/discover', { _meta: MODERN }, { 'mcp-protocol-version': '2026-07-28' });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({
        resultType: 'complete',
        supportedVersions: ['2026-07-28'],
        capabilities: { tools: { listChanged: false } },
        instructions: expect.stringContaining('Zoop'),
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'zoop' } },
      });
    });

    it('a request carrying the envelope gets a 2026-07-28 result: resultType, cache fields, serverInfo', async () => {
      const list = await a.client.rpc('tools/list', { _meta: MODERN }, { 'mcp-protocol-version': '2026-07-28' });
      expect(list.body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'zoop' } } });
      expect(list.body.result.tools.length).toBe(registeredToolNames(t).length);
      const call = await a.client.rpc('tools/call', { name: 'customers.create', arguments: { display_name: 'Modern' }, _meta: MODERN });
      expect(call.body.result).toMatchObject({
        resultType: 'complete',
        structuredContent: { display_name: 'Modern' },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'zoop' } },
      });
      // a hot read answered as raw JSON text carries the same fields
      const got = await a.client.rpc('tools/call', { name: 'customers.get', arguments: { id: call.body.result.structuredContent.id }, _meta: MODERN });
      expect(got.body.result).toMatchObject({
        resultType: 'complete',
        structuredContent: { display_name: 'Modern' },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'zoop' } },
      });
      expect((await a.client.rpc('ping', { _meta: MODERN })).body.result).toMatchObject({ resultType: 'complete' });
    });

    it('a version the server does not speak is -32022 with the supported versions, in the envelope or the header', async () => {
      const env = await a.client.rpc('tools/list', { _meta: { ...MODERN, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } });
      expect(env.status).toBe(400);
      expect(env.body.error).toMatchObject({
        code: -32022,
        data: { kind: 'unsupported_protocol_version', requested: '2099-01-01', supported: expect.arrayContaining(['2026-07-28', '2025-11-25']) },
      });
      const header = await a.client.rpc('tools/list', {}, { 'mcp-protocol-version': '2099-01-01' });
      expect(header.status).toBe(400);
      expect(header.body.error).toMatchObject({ code: -32022, data: { kind: 'unsupported_protocol_version' } });
    });

    it.each([
      ['Mcp-Method', { 'mcp-method': 'tools/list' }],
      ['MCP-Protocol-Version', { 'mcp-protocol-version': '2025-11-25' }],
      ['Mcp-Name', { 'mcp-name': 'customers.delete' }],
    ])('a modern request whose %s header disagrees with its body is -32020 header_mismatch', async (_label, headers) => {
      const res = await a.client.rpc('tools/call', { name: 'customers.search', arguments: {}, _meta: MODERN }, headers);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: -32020, data: { kind: 'header_mismatch' } });
      const agreeing = await a.client.rpc(
        'tools/call',
        { name: 'customers.search', arguments: {}, _meta: MODERN },
        { 'mcp-method': 'tools/call', 'mcp-name': 'customers.search', 'mcp-protocol-version': '2026-07-28' },
      );
      expect(agreeing.body.result.resultType).toBe('complete');
    });

    it('a request without the envelope stays in the legacy era, as before', async () => {
      const list = await a.client.rpc('tools/list', {}, { 'mcp-protocol-version': '2025-11-25' });
      expect(list.body.result.resultType).toBeUndefined();
      const init = await a.client.rpc('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } });
      expect(init.body.result.protocolVersion).toBe('2025-11-25');
    });
  });

  describe('the official SDK clients (B5)', () => {
    const v1 = async (url = t.mcpUrl, headers: Record<string, string> = auth()) => {
      const client = new ClientV1({ name: 'v1', version: '1.0.0' });
      await client.connect(new TransportV1(new URL(url), { requestInit: { headers } }));
      return client;
    };
    const v2 = async (mode: 'legacy' | 'auto' | { pin: string }, url = t.mcpUrl) => {
      const client = new ClientV2({ name: 'v2', version: '2.0.0' }, { versionNegotiation: { mode } });
      await client.connect(new TransportV2(new URL(url), { requestInit: { headers: auth() } }));
      return client;
    };

    it('v1 (@modelcontextprotocol/sdk 1.x) speaks 2025-11-25: lists tools, calls one, gets invalid_input as an error', async () => {
      const client = await v1();
      expect(client.getServerVersion()?.name).toBe('zoop');
      expect((await client.listTools()).tools).toHaveLength(registeredToolNames(t).length);
      const created = await client.callTool({ name: 'customers.create', arguments: { display_name: 'Via v1' } });
      expect((created.structuredContent as any).display_name).toBe('Via v1');
      await expect(client.callTool({ name: 'customers.get', arguments: { id: 'nope' } })).rejects.toMatchObject({ code: -32602 });
      await client.close();
    });

    it.each([
      ['legacy (its default)', 'legacy' as const, 'legacy', '2025-11-25'],
      ['auto: server/discover, then 2026-07-28', 'auto' as const, 'modern', '2026-07-28'],
      ['pinned to 2026-07-28', { pin: '2026-07-28' }, 'modern', '2026-07-28'],
    ])('v2 (@modelcontextprotocol/client 2.x), %s: lists tools, calls one, gets invalid_input as an error', async (_label, mode, era, version) => {
      const client = await v2(mode);
      expect(client.getProtocolEra()).toBe(era);
      expect(client.getNegotiatedProtocolVersion()).toBe(version);
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(registeredToolNames(t).length);
      expect(tools.find((x) => x.name === 'customers.get')?.annotations).toMatchObject({ readOnlyHint: true });
      const created = await client.callTool({ name: 'customers.create', arguments: { display_name: `Via v2 ${era}` } });
      expect((created.structuredContent as any).display_name).toBe(`Via v2 ${era}`);
      const got = await client.callTool({ name: 'customers.get', arguments: { id: (created.structuredContent as any).id } });
      expect((got.structuredContent as any).display_name).toBe(`Via v2 ${era}`);
      await expect(client.callTool({ name: 'customers.get', arguments: { id: 'nope' } })).rejects.toMatchObject({ code: -32602 });
      await client.close();
    });

    it('v1 and v2 (2026-07-28) with tool_names=underscore and tool_errors=result: isError results pass their outputSchema check', async () => {
      const url = `${t.mcpUrl}?tool_names=underscore&tool_errors=result`;
      for (const client of [await v1(url), await v2('auto', url)]) {
        const { tools } = await client.listTools();
        expect(tools.every((x) => /^[a-zA-Z0-9_-]+$/.test(x.name))).toBe(true);
        const missing = await client.callTool({ name: 'customers_get', arguments: { id: MISSING } });
        expect(missing.isError).toBe(true);
        expect(missing.structuredContent).toMatchObject({ kind: 'not_found', tool: 'customers_get' });
        const ok = await client.callTool({ name: 'customers_create', arguments: { display_name: 'Underscored' } });
        expect(ok.isError).toBeFalsy();
        await client.close();
      }
    });
  });

  describe('connection option tool_names (C7)', () => {
    it.each([
      ['the query parameter', '?tool_names=underscore', {}],
      ['the header', '', { 'x-mcp-tool-names': 'underscore' }],
    ])('underscore names through %s: listed as entity_verb, both spellings callable', async (_label, query, headers) => {
      const post = (body: unknown) =>
        fetch(t.mcpUrl + query, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth(), ...headers },
          body: JSON.stringify(body),
        }).then((r) => r.json() as any);
      const { result } = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
      const names: string[] = result.tools.map((x: any) => x.name);
      expect(names).toHaveLength(registeredToolNames(t).length);
      expect(names).toContain('customers_search');
      expect(names).toContain('job_series_end');
      expect(names.every((n) => /^[a-zA-Z0-9_-]+$/.test(n))).toBe(true);
      for (const name of ['customers_create', 'customers.create']) {
        const res = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: { display_name: name } } });
        expect(res.result.structuredContent.display_name).toBe(name);
      }
    });

    it('the default stays dotted; a bad value is invalid_input naming the option', async () => {
      expect((await a.client.tools()).map((x) => x.name)).toContain('customers.search');
      const bad = await a.client.rpc('tools/list', {}, { 'x-mcp-tool-names': 'camel' });
      expect(bad.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path: 'X-MCP-Tool-Names' }] });
    });
  });

  describe('connection option tool_errors (C8)', () => {
    const call = (name: string, args: unknown, headers: Record<string, string> = { 'x-mcp-tool-errors': 'result' }) =>
      a.client.rpc('tools/call', { name, arguments: args }, headers);

    it('a failed call is a result with isError, a paragraph a model can act on, and the error in structuredContent', async () => {
      const res = await call('customers.create', { display_name: '', emial: 'x' });
      expect(res.status).toBe(200);
      expect(res.body.error).toBeUndefined();
      const { isError, content, structuredContent } = res.body.result;
      expect(isError).toBe(true);
      expect(structuredContent).toMatchObject({ kind: 'invalid_input', tool: 'customers.create', request_id: expect.any(String) });
      expect(structuredContent.issues.map((i: any) => i.path).sort()).toEqual(['display_name', 'emial']);
      expect(content[0].text).toMatch(/display_name/);
      expect(content[0].text).toMatch(/Correct the arguments/);
      expect(content[0].text).not.toMatch(/\n/);
    });

    it.each([
      ['not_found', 'customers.get', { id: MISSING }],
      ['invalid_input', 'customers.explode', {}],
    ])('%s is an isError result too', async (kind, name, args) => {
      const res = await call(name, args);
      expect(res.body.result).toMatchObject({ isError: true, structuredContent: { kind } });
    });

    it('401, 403 and 429 stay HTTP refusals; the default stays a JSON-RPC error', async () => {
      const ro = await newTenant(t, ['read:customers']);
      const forbidden = await ro.client.rpc('tools/call', { name: 'customers.create', arguments: { display_name: 'X' } }, { 'x-mcp-tool-errors': 'result' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.data.kind).toBe('insufficient_scope');
      const anon = await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'customers.get', arguments: {} } }, { 'x-mcp-tool-errors': 'result' });
      expect(anon.status).toBe(401);
      const plain = await call('customers.get', { id: MISSING }, {});
      expect(plain.body.error).toMatchObject({ code: -32004, data: { kind: 'not_found' } });
    });
  });

  describe('messages and schemas a model can act on (C9)', () => {
    it('a missing required field says it is required', async () => {
      // today "must be longer than or equal to 1 characters" and "must be a UUID"
      const named = await a.client.rpc('tools/call', { name: 'tags.create', arguments: {} });
      expect(named.body.error.data.issues).toEqual([{ path: 'name', message: 'name is required' }]);
      const byId = await a.client.rpc('tools/call', { name: 'customers.get', arguments: {} });
      expect(byId.body.error.data.issues).toEqual([{ path: 'id', message: 'id is required' }]);
      // a value that is there but wrong still says what is wrong with it
      const wrong = await a.client.rpc('tools/call', { name: 'customers.get', arguments: { id: 'x' } });
      expect(wrong.body.error.data.issues[0].message).toMatch(/UUID/);
    });

    it('publishes schemas MCP Inspector finds portable: no type arrays, no schema that constrains nothing', async () => {
      const findings: string[] = [];
      // the rules of Inspector 2.12's --strict schema portability check (type-union, untyped-schema, remote-ref)
      const walk = (node: any, where: string, keyword?: string) => {
        if (typeof node === 'boolean') return findings.push(`${where}: bare ${node}`);
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node.type)) findings.push(`${where}: type ${JSON.stringify(node.type)}`);
        if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) findings.push(`${where}: remote $ref`);
        if (keyword !== 'not' && !Object.keys(node).some((k) => CONSTRAINING.has(k))) findings.push(`${where}: constrains nothing`);
        for (const key of ['properties', 'patternProperties', '$defs', 'definitions']) for (const [k, v] of Object.entries(node[key] ?? {})) walk(v, `${where}.${k}`);
        for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) (node[key] ?? []).forEach((v: unknown, i: number) => walk(v, `${where}.${key}[${i}]`));
        for (const key of ['items', 'additionalProperties', 'not', 'contains']) if (key in node && typeof node[key] === 'object') walk(node[key], `${where}.${key}`, key);
      };
      for (const tool of await a.client.tools()) {
        walk(tool.inputSchema, `${tool.name} input`);
        if (tool.outputSchema) walk(tool.outputSchema, `${tool.name} output`);
      }
      expect(findings).toEqual([]);
    });
  });

  it('the root protected-resource metadata names the server itself as its resource (RFC 9728 §3.3, B6)', async () => {
    const o = await startOAuthApp();
    try {
      const root = (await (await fetch(`${o.baseUrl}/.well-known/oauth-protected-resource`)).json()) as any;
      const mcp = (await (await fetch(`${o.baseUrl}/.well-known/oauth-protected-resource/api/mcp`)).json()) as any;
      expect(root.resource).toBe(o.baseUrl);
      expect(mcp.resource).toBe(`${o.baseUrl}/api/mcp`);
    } finally {
      await o.close();
    }
  });

  it('an agent host (LangChain MCP adapters + LangGraph ToolNode) runs a whole tool round with underscore names and isError results (C7, C8)', async () => {
    const mcp = new MultiServerMCPClient({
      mcpServers: { zoop: { transport: 'http', url: `${t.mcpUrl}?tool_names=underscore&tool_errors=result`, headers: auth() } },
    });
    try {
      const tools = await mcp.getTools();
      // what goes to a model provider as function names: OpenAI's pattern
      expect(tools.map((x) => x.name).every((n) => /^[a-zA-Z0-9_-]+$/.test(n))).toBe(true);
      const node = new ToolNode(tools);
      // the model asks for three calls at once, as a model would: one good, one with an id that is not there, one refused by the server
      const turn = new AIMessage({
        content: '',
        tool_calls: [
          { id: 'c1', name: 'customers_create', args: { display_name: 'Agent Co' } },
          { id: 'c2', name: 'customers_get', args: { id: MISSING } },
          { id: 'c3', name: 'customers_create', args: { display_name: 'Bad mail', email: 'not-an-email' } },
        ],
      });
      const { messages } = (await node.invoke({ messages: [turn] })) as { messages: ToolMessage[] };
      const byId = Object.fromEntries(messages.map((m) => [m.tool_call_id, m]));
      expect(String(byId.c1.content)).toContain('Agent Co');
      expect(byId.c1.status).not.toBe('error');
      // the loop goes on: each failure comes back to the model as a message it can act on
      expect(byId.c2.status).toBe('error');
      expect(String(byId.c2.content)).toMatch(/not_found/);
      expect(String(byId.c2.content)).toMatch(/find the right id/);
      expect(byId.c3.status).toBe('error');
      expect(String(byId.c3.content)).toMatch(/email/);
      expect(String(byId.c3.content)).toMatch(/Correct the arguments/);
    } finally {
      await mcp.close();
    }
  });
});

const CONSTRAINING = new Set([
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'items',
  'prefixItems',
  'contains',
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
]);
