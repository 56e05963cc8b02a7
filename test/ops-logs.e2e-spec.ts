import { Writable } from 'node:stream';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { expectError, newTenant, TestApp } from './support/app';

describe('ops: logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'trace', RATE_LIMIT_PER_MINUTE: '0' });
    const app = await createApp(config, { url: process.env.DATABASE_URL! }, { logStream: sink });
    await app.listen(0, '127.0.0.1');
    t = new TestApp(app, `http://127.0.0.1:${(app.getHttpServer().address() as any).port}`);
  });
  afterAll(() => t.close());

  it('writes one JSON line per call with request id, tenant, actor kind, tool, outcome, duration; never a token', async () => {
    const a = await newTenant(t);
    await a.client.call('customers.create', { display_name: 'Logged' });
    await expectError(a.client.call('customers.get', { id: '00000000-0000-4000-8000-000000000000' }), 'not_found');
    await t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { authorization: 'Bearer zoop_uk_notarealtoken_secretvalue' });
    const calls = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'mcp call');
    const ok = calls.find((l) => l.tool === 'customers.create');
    expect(ok).toMatchObject({ tenant_id: a.tenantId, actor_kind: 'user', outcome: 'ok', status: 200 });
    expect(ok.request_id).toEqual(expect.any(String));
    expect(ok.duration_ms).toEqual(expect.any(Number));
    expect(calls.find((l) => l.tool === 'customers.get')).toMatchObject({ outcome: 'not_found' });
    expect(calls.find((l) => l.status === 401)).toMatchObject({ outcome: '401', tool: 'tools/list' });
    for (const l of lines) {
      expect(l).not.toContain(a.token);
      expect(l).not.toContain('secretvalue');
      expect(l).not.toMatch(/zoop_[ut]k_[A-Za-z0-9]/);
    }
  });
});
