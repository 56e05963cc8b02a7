import { connect } from 'node:net';
import { ACCEPT, newTenant, startApp, TestApp, TestTenant } from './support/app';
import { McpGateway } from '../src/mcp/mcp-gateway.service';

// Issue 14, A2 / C12 / C15: every request to /api/mcp gets exactly one answer, a JSON-RPC error
// body with data.kind when it fails, and nothing waits for ever inside the gateway.
describe('MCP endpoint: every request answered, every error a JSON-RPC error', () => {
  let t: TestApp;
  let a: TestTenant;
  const auth = () => ({ authorization: `Bearer ${a.token}` });

  beforeAll(async () => {
    t = await startApp({ ALLOWED_ORIGINS: 'https://dash.example.com' });
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  /** Requests the SDK Server is still working on, or has dropped without an answer. */
  const waiting = () => (t.app.get(McpGateway) as any).transport.waiting as number;

  describe('params that are not an object (A2)', () => {
    const cases: [string, unknown][] = [
      ['null', null],
      ['a number', 5],
      ['an array', []],
      ['true', true],
      ['a string', 'x'],
    ];
    for (const method of ['ping', 'initialize', 'tools/list', 'server/discover', 'resources/list', 'tools/call']) {
      it.each(cases)(`${method} with params %s is invalid_input naming params, with the request's id`, async (_label, params) => {
        const res = await t.post({ jsonrpc: '2.0', id: 'req-77', method, params }, auth());
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ jsonrpc: '2.0', id: 'req-77', error: { code: -32602, data: { kind: 'invalid_input', issues: [{ path: 'params' }] } } });
      });
    }

    it('leaves nothing pending in the gateway, however many such requests come', async () => {
      const before = waiting();
      await Promise.all(Array.from({ length: 50 }, (_, i) => t.post({ jsonrpc: '2.0', id: 1e15 + i, method: 'ping', params: null }, auth())));
      expect(waiting()).toBe(before);
    });

    it('a notification with such params is accepted (202) and dropped, as notifications are never answered', async () => {
      const res = await t.post({ jsonrpc: '2.0', method: 'notifications/initialized', params: 5 }, auth());
      expect(res.status).toBe(202);
    });

    it.each([
      ['a number', 5],
      ['an object', { page: 2 }],
      ['a cursor never issued', 'eyJwYWdlIjoyfQ'],
    ])('tools/list with a cursor that is %s is invalid_input naming cursor', async (_label, cursor) => {
      const res = await a.client.rpc('tools/list', { cursor });
      expect(res.status).toBe(200);
      expect(res.body.error).toMatchObject({ code: -32602, data: { kind: 'invalid_input', issues: [{ path: 'cursor' }] } });
    });

    it('ping with an object or no params still answers', async () => {
      expect((await a.client.rpc('ping')).body).toMatchObject({ result: {} });
      expect((await a.client.rpc('ping', {})).body).toMatchObject({ result: {} });
    });
  });

  describe('arguments named like object internals (C12)', () => {
    it.each([
      ['__proto__', '{"name":"Gold","__proto__":{"admin":true}}', '__proto__'],
      ['constructor.prototype', '{"name":"Gold","nested":{"constructor":{"prototype":{"admin":true}}}}', 'nested.constructor'],
      [
        'a nested constructor.prototype in a line item',
        '{"line_items":[{"description":"d","unit_price":1,"quantity":1,"constructor":{"prototype":{}}}]}',
        'line_items.0.constructor',
      ],
    ])('%s is invalid_input (HTTP 200, the request id) naming the field', async (_label, args, path) => {
      const name = path.startsWith('line_items') ? 'invoices.create' : 'tags.create';
      const res = await t.post(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"${name}","arguments":${args}}}`, auth());
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(7);
      expect(res.body.error).toMatchObject({ code: -32602, data: { kind: 'invalid_input' } });
      expect(res.body.error.data.issues.map((i: any) => i.path)).toContain(path);
      expect(({} as any).admin).toBeUndefined();
    });

    it('such a key outside the arguments is still refused as an invalid request', async () => {
      const res = await t.post('{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"__proto__":{"x":1}}}', auth());
      expect(res.status).toBe(400);
      expect(res.body.error.data.kind).toBe('invalid_request');
    });
  });

  describe('errors fastify and Node answer by themselves (C15)', () => {
    it('a chunked body over 1 MB is 413 with a JSON-RPC error', async () => {
      const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'tags.create', arguments: { name: 'x'.repeat(1_100_000) } } });
      const chunks = new ReadableStream({
        start(c) {
          for (let i = 0; i < big.length; i += 65536) c.enqueue(new TextEncoder().encode(big.slice(i, i + 65536)));
          c.close();
        },
      });
      const res = await fetch(t.mcpUrl, {
        method: 'POST',
        headers: { ...auth(), accept: ACCEPT, 'content-type': 'application/json' },
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      const body: any = await res.json();
      expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600, data: { kind: 'payload_too_large' } } });
    });

    it('headers over 16 KB are 431 with a JSON-RPC error', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const url = new URL(t.mcpUrl);
        const sock = connect(Number(url.port), url.hostname, () => {
          sock.write(`POST /api/mcp HTTP/1.1\r\nHost: ${url.host}\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`);
        });
        let out = '';
        sock.on('data', (d) => (out += d.toString()));
        sock.on('end', () => resolve(out));
        sock.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 431/);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { data: { kind: 'headers_too_large' } } });
    });

    it.each(['PUT', 'PATCH'])('%s is 405 with Allow: POST and a JSON-RPC error', async (method) => {
      const res = await fetch(t.mcpUrl, { method, headers: { ...auth(), accept: ACCEPT, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(((await res.json()) as any).error.data.kind).toBe('method_not_allowed');
    });

    it.each([
      ['the two types glued together', 'application/jsonXtext/event-stream'],
      ['one type refused with q=0', 'application/json;q=0, text/event-stream'],
      ['a wildcard only', '*/*'],
      ['a type parameter only', 'text/html; x="application/json, text/event-stream"'],
    ])('Accept with %s is 406', async (_label, accept) => {
      const res = await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { ...auth(), accept });
      expect(res.status).toBe(406);
      expect(res.body.error.data.kind).toBe('not_acceptable');
    });

    it.each([
      ['with qualities and spaces', 'text/event-stream;q=0.9 , application/json;q=0.5'],
      ['in capitals', 'Application/JSON, Text/Event-Stream'],
      ['beside a wildcard', 'application/json, text/event-stream, */*'],
    ])('Accept listing both types %s is served', async (_label, accept) => {
      const res = await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { ...auth(), accept });
      expect(res.status).toBe(200);
    });

    it('the CORS preflight allows the headers MCP clients and Zoop options send, and exposes what they read', async () => {
      const res = await fetch(t.mcpUrl, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://dash.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'authorization, content-type, idempotency-key, x-mcp-toolsets, x-mcp-readonly, mcp-protocol-version, x-mcp-tool-names, x-mcp-tool-errors',
        },
      });
      expect(res.status).toBeLessThan(300);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      for (const h of ['authorization', 'content-type', 'idempotency-key', 'x-mcp-toolsets', 'x-mcp-readonly', 'mcp-protocol-version', 'x-mcp-tool-names', 'x-mcp-tool-errors']) {
        expect(allowed).toContain(h);
      }
      const call = await a.client.rpc('tools/list', {}, { origin: 'https://dash.example.com' });
      const exposed = (call.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['www-authenticate', 'retry-after', 'x-request-id']));
      expect(exposed).not.toContain('mcp-session-id');
    });
  });
});
