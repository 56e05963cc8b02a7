import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ACCEPT, newTenant, startApp, TestApp, TestTenant } from './support/app';
import { FRAGMENT_AVERAGE_BUDGET, FRAGMENT_BUDGET, GENERAL_LENGTH } from '../src/mcp/instructions';

describe('MCP endpoint: Streamable HTTP, stateless (contract §3)', () => {
  let t: TestApp;
  let a: TestTenant;
  const auth = () => ({ authorization: `Bearer ${a.token}` });

  beforeAll(async () => {
    t = await startApp({ ALLOWED_ORIGINS: 'https://dash.example.com' });
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  it('answers tools/list without a prior initialize', async () => {
    const res = await a.client.rpc('tools/list', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.jsonrpc).toBe('2.0');
    expect(res.body.result.tools.map((x: any) => x.name)).toEqual(expect.arrayContaining(['customers.search', 'customers.create']));
  });

  it('answers tools/call without a prior initialize, with content text and structuredContent', async () => {
    const res = await a.client.rpc('tools/call', { name: 'customers.create', arguments: { display_name: 'Henderson Plumbing' } });
    expect(res.status).toBe(200);
    const { content, structuredContent } = res.body.result;
    expect(content[0].type).toBe('text');
    expect(JSON.parse(content[0].text)).toEqual(structuredContent);
    expect(structuredContent.display_name).toBe('Henderson Plumbing');
  });

  it('initialize negotiates the protocol version and tells the server name', async () => {
    const res = await a.client.rpc('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'curl', version: '1' },
    });
    expect(res.status).toBe(200);
    expect(res.body.result.protocolVersion).toBe('2025-06-18');
    expect(res.body.result.serverInfo.name).toBe('zoop');
    expect(res.body.result.capabilities.tools).toBeDefined();
    expect(res.headers.get('mcp-session-id')).toBeNull();
  });

  it('initialize returns server instructions that name every entity and the conventions a model needs', async () => {
    const res = await a.client.rpc('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'agent', version: '1' },
    });
    const instructions: string = res.body.result.instructions;
    expect(typeof instructions).toBe('string');
    // every entity of the catalogue (the tools of an all-scopes key) has its line, from its module's fragment
    const entities = [...new Set((await a.client.tools()).map((x: any) => x.name.split('.')[0]))];
    expect(entities.length).toBeGreaterThan(1);
    for (const entity of entities) expect(instructions).toMatch(new RegExp(`^- ${entity}: `, 'm'));
    expect(instructions).toContain(`Entities (${entities.length})`);
    for (const term of [
      'draft',
      'approved',
      'void',
      'cancelled',
      'unscheduled',
      'job_series.end',
      'half away from zero',
      'YYYY-MM-DD',
      'UTC',
      'count',
      'invalid_input',
      'not_found',
      'conflict',
      'Idempotency-Key',
      'X-MCP-Toolsets',
      'readonly',
    ]) {
      expect(instructions).toContain(term);
    }
    // sent on every connection: keep it under ~900 tokens (≈ 4 characters a token) for today's
    // entities; each module's line within its own budget, and on average each entity within its share
    const lines = instructions.split('\n').filter((l) => /^- [a-z_]+: /.test(l));
    expect(lines).toHaveLength(entities.length);
    for (const line of lines) expect(line.replace(/^- [a-z_]+: /, '').length).toBeLessThanOrEqual(FRAGMENT_BUDGET);
    expect(GENERAL_LENGTH).toBeLessThanOrEqual(1850);
    expect(instructions.length).toBeLessThan(GENERAL_LENGTH + entities.length * FRAGMENT_AVERAGE_BUDGET);
  });

  it('connects with the official SDK client and calls a tool', async () => {
    const client = new Client({ name: 'sdk-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(t.mcpUrl), { requestInit: { headers: auth() } });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.find((x) => x.name === 'customers.get')?.annotations).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    const created = await client.callTool({ name: 'customers.create', arguments: { display_name: 'Via SDK' } });
    expect((created.structuredContent as any).display_name).toBe('Via SDK');
    await expect(client.callTool({ name: 'customers.get', arguments: { id: 'nope' } })).rejects.toMatchObject({ code: -32602 });
    await client.close();
  });

  it('refuses a request whose Accept does not list both types with 406', async () => {
    for (const accept of ['application/json', 'text/event-stream', '*/*']) {
      const res = await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { ...auth(), accept });
      expect(res.status).toBe(406);
      expect(res.body.error.data.kind).toBe('not_acceptable');
    }
  });

  it('answers GET and DELETE with 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(t.mcpUrl, { method, headers: { ...auth(), accept: ACCEPT } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('accepts a notification with 202 and no body', async () => {
    const res = await t.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, auth());
    expect(res.status).toBe(202);
    expect(res.body).toBeUndefined();
  });

  it('answers a body that is not JSON with 400 and -32700', async () => {
    const res = await t.post('{"jsonrpc": "2.0", "id": 1, "method": ', auth());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: -32700, data: { kind: 'parse_error' } });
  });

  it('answers arguments with a "__proto__" or "constructor.prototype" key as invalid_input naming the field, not a parse error', async () => {
    for (const [args, path] of [
      ['{"__proto__":{"admin":true}}', '__proto__'],
      ['{"name":"x","nested":{"constructor":{"prototype":{"admin":true}}}}', 'nested.constructor'],
    ]) {
      const res = await t.post(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"tags.create","arguments":${args}}}`, auth());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 7, error: { code: -32602, data: { kind: 'invalid_input' } } });
      expect(res.body.error.data.issues).toContainEqual({ path, message: `${path} is not a known field` });
    }
  });

  it('answers a body over the size limit with 413 and a JSON-RPC error, one just under it as any call', async () => {
    const over = await a.client.rpc('tools/call', { name: 'tags.create', arguments: { name: 'x'.repeat(1_048_576) } });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600, data: { kind: 'payload_too_large' } } });
    expect(over.body.error.message).toMatch(/Payload Too Large/);
    const under = await a.client.rpc('tools/call', { name: 'tags.create', arguments: { name: 'x'.repeat(1_000_000) } });
    expect(under.status).toBe(200);
    expect(under.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path: 'name' }] });
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await fetch(t.mcpUrl, { method: 'POST', headers: { ...auth(), accept: ACCEPT, 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).error.data.kind).toBe('unsupported_media_type');
  });

  it('answers an unknown method with -32601 and a kind', async () => {
    const res = await a.client.rpc('resources/frobnicate', {});
    expect(res.status).toBe(200);
    expect(res.body.error.code).toBe(-32601);
    expect(res.body.error.data.kind).toBe('method_not_found');
  });

  it('refuses batches and messages that are not JSON-RPC 2.0', async () => {
    const batch = await t.post([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], auth());
    expect(batch.status).toBe(400);
    expect(batch.body.error.data.kind).toBe('invalid_request');
    const v1 = await t.post({ jsonrpc: '1.0', id: 1, method: 'tools/list' }, auth());
    expect(v1.status).toBe(400);
    expect(v1.body.error.code).toBe(-32600);
  });

  it('keeps each caller’s JSON-RPC id, also when many requests reuse the same id at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'customers.create', arguments: { display_name: `Same id ${i}` } } }, auth()),
      ),
    );
    replies.forEach((r, i) => {
      expect(r.body.id).toBe(7);
      expect(r.body.result.structuredContent.display_name).toBe(`Same id ${i}`);
    });
  });

  it('refuses an unsupported MCP-Protocol-Version with 400, accepts a supported one', async () => {
    const bad = await a.client.rpc('tools/list', {}, { 'mcp-protocol-version': '1999-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data.kind).toBe('unsupported_protocol_version');
    const good = await a.client.rpc('tools/list', {}, { 'mcp-protocol-version': '2025-06-18' });
    expect(good.status).toBe(200);
  });

  it('refuses a browser Origin that is not allowed with 403, serves an allowed one', async () => {
    const evil = await a.client.rpc('tools/list', {}, { origin: 'https://evil.example.com' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.data.kind).toBe('forbidden');
    const ok = await a.client.rpc('tools/list', {}, { origin: 'https://dash.example.com' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
  });

  describe('tools/call framing is invalid_input like any other bad input', () => {
    it.each([
      ['a missing name', { arguments: {} }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
      ['arguments that are an array', { name: 'customers.search', arguments: [] }, 'arguments'],
      ['arguments that are a string', { name: 'customers.search', arguments: 'q=x' }, 'arguments'],
      ['an unknown tool', { name: 'customers.explode', arguments: {} }, 'name'],
      ['a _meta that is a string', { name: 'customers.search', arguments: {}, _meta: 'k' }, '_meta'],
      ['a _meta that is an array', { name: 'customers.create', arguments: { display_name: 'X' }, _meta: ['k'] }, '_meta'],
    ])('%s', async (_label, params, path) => {
      const res = await a.client.rpc('tools/call', params);
      expect(res.status).toBe(200);
      expect(res.body.error.code).toBe(-32602);
      expect(res.body.error.data.kind).toBe('invalid_input');
      expect(res.body.error.data.issues[0].path).toBe(path);
      expect(typeof res.body.error.message).toBe('string');
    });

    it.each([
      ['at the top', { name: 'Gold', constructor: 1 }, 'constructor'],
      ['as a prototype', { name: 'Gold', prototype: { admin: true } }, 'prototype'],
      ['toString', { name: 'Gold', toString: 0 }, 'toString'],
      ['hasOwnProperty', { name: 'Gold', hasOwnProperty: 'x' }, 'hasOwnProperty'],
    ])('refuses an argument named like an object internal (%s) as an unknown field, not ignoring it', async (_label, args, path) => {
      const res = await a.client.rpc('tools/call', { name: 'tags.create', arguments: args });
      expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path, message: `${path} is not a known field` }] });
      expect((await a.client.call('tags.list', { q: 'Gold' })).count).toBe(0);
    });

    it.each([
      ['a search string', 'catalog_categories.list', { q: 'a\u0000b' }, 'q'],
      ['a name', 'tags.create', { name: 'Gold\u0000' }, 'name'],
      ['a nested line item', 'invoices.create', { line_items: [{ description: '\u0000', unit_price: 1, quantity: 1 }] }, 'line_items.0.description'],
    ])('refuses a NUL character in %s as invalid_input naming the field (PostgreSQL cannot store it)', async (_label, name, args, path) => {
      const res = await a.client.rpc('tools/call', { name, arguments: args });
      expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path, message: expect.stringContaining('NUL') }] });
    });

    it.each([
      ['an email', 'customers.create', { display_name: 'C', email: '\ud800' }, 'email'],
      ['a name', 'tags.create', { name: '\udfff\ud800' }, 'name'],
      ['a description', 'catalog_categories.create', { name: 'Cat', description: 'ok \ud800 ok' }, 'description'],
    ])('refuses an unpaired surrogate in %s as invalid_input naming the field (not Unicode text)', async (_label, name, args, path) => {
      const res = await a.client.rpc('tools/call', { name, arguments: args });
      expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path, message: expect.stringContaining('Unicode') }] });
      // a paired surrogate (an emoji) is text like any other
      const ok = await a.client.rpc('tools/call', { name, arguments: { ...args, [path]: path === 'email' ? 'x😀@example.com' : 'ok 😀' } });
      expect(ok.status).toBe(200);
      expect(ok.body.error?.data.kind).not.toBe('internal');
    });

    it.each([
      ['invoices.list', { from: '0000-01-01' }, 'from'],
      ['invoices.list', { to: '1899-12-31' }, 'to'],
      ['quotes.update', { id: '00000000-0000-4000-8000-000000000000', valid_until: '0000-12-31' }, 'valid_until'],
      ['job_series.create', { title: 'T', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: '0000-01-01' }, 'dtstart'],
    ])('%s refuses a date PostgreSQL cannot store (year 0000) or before 1900 as invalid_input naming it', async (name, args, path) => {
      const res = await a.client.rpc('tools/call', { name, arguments: args });
      expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path, message: expect.stringContaining('1900-01-01') }] });
    });

    it('refuses such a key in a nested line item too', async () => {
      const customer = (await a.client.call('customers.create', { display_name: 'Nested' })).id;
      const res = await a.client.rpc('tools/call', {
        name: 'quotes.create',
        arguments: { customer_id: customer, title: 'Q', line_items: [{ description: 'd', unit_price: 1, quantity: 1, constructor: 'x' }] },
      });
      expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path: 'line_items.0.constructor' }] });
    });
  });

  it('gives every tool an inputSchema and the annotations its verb calls for', async () => {
    const tools = await a.client.tools();
    const names = tools.map((x: any) => x.name);
    expect(names).toEqual([...names].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(typeof tool.description).toBe('string');
      const verb = tool.name.split('.')[1];
      expect(tool.annotations.openWorldHint).toBe(false);
      expect(tool.annotations.readOnlyHint).toBe(['list', 'search', 'get'].includes(verb));
      expect(tool.annotations.destructiveHint).toBe(['archive', 'void', 'cancel', 'delete', 'end'].includes(verb));
      if (['update', 'archive', 'void', 'cancel', 'delete', 'end'].includes(verb)) expect(tool.annotations.idempotentHint).toBe(true);
    }
    const create = tools.find((x: any) => x.name === 'customers.create');
    expect(create.inputSchema.required).toEqual(['display_name']);
    expect(create.inputSchema.properties.display_name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(create.inputSchema.properties.billing_address.anyOf ?? create.inputSchema.properties.billing_address).toBeDefined();
  });

  it('closes every nested object of every inputSchema (additionalProperties false), as the server refuses unknown nested fields', async () => {
    const open: string[] = [];
    const walk = (schema: any, where: string) => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.properties && schema.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries<any>(schema.properties ?? {})) walk(v, `${where}.${k}`);
      if (schema.items) walk(schema.items, `${where}[]`);
      (schema.anyOf ?? []).forEach((v: any, i: number) => walk(v, `${where}|${i}`));
    };
    const tools = await a.client.tools();
    for (const tool of tools) walk(tool.inputSchema, tool.name);
    expect(open).toEqual([]);
    const nullable = tools.find((x: any) => x.name === 'customers.create').inputSchema.properties.billing_address;
    expect(nullable.anyOf.find((s: any) => s.type === 'object').additionalProperties).toBe(false);
    const res = await a.client.rpc('tools/call', { name: 'customers.create', arguments: { display_name: 'N', billing_address: { line1: '1 Main St', floor: 2 } } });
    expect(res.body.error.data).toMatchObject({ kind: 'invalid_input', issues: [{ path: 'billing_address.floor' }] });
  });
});
