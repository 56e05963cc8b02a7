import { ChildProcess } from 'node:child_process';
import { newTenant, startApp, TestApp } from './support/app';
import { runCli } from './support/cli';
import { Receiver, waitFor } from './support/receiver';
import { ensureBuild, spawnServer } from './support/server';

// Webhook delivery with real server processes: the outbox survives kill -9, and two servers share
// the deliveries (FOR UPDATE SKIP LOCKED claims) without sending one twice.
describe('webhooks across server processes', () => {
  let t: TestApp;
  let rx: Receiver;
  const children: ChildProcess[] = [];
  const saved = process.env.WEBHOOKS_ALLOW_LOOPBACK;
  const delivering = { SCHEDULER_ENABLED: 'true', WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_POLL_MS: '20' };
  beforeAll(async () => {
    ensureBuild();
    process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
    rx = await new Receiver().start();
    // this in-process app only writes (no delivery worker without the scheduler)
    t = await startApp();
  }, 180_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
    else process.env.WEBHOOKS_ALLOW_LOOPBACK = saved;
    for (const c of children) c.kill('SIGKILL');
    await t.close();
    await rx.close();
  });

  async function endpoint(tenantId: string, path: string) {
    const r = await runCli('webhook:create', '--tenant', tenantId, '--url', rx.url(path), '--events', 'all', '--json');
    expect(r.code).toBe(0);
    rx.secrets.set(path, JSON.parse(r.out).secret);
  }

  const call = (url: string, token: string, name: string, args: object) =>
    fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    }).then((r) => r.json() as Promise<any>);

  it('kill -9 between the commit and the delivery loses nothing: the next server delivers it', async () => {
    const a = await newTenant(t);
    await endpoint(a.tenantId, '/crash');
    // a server that does not deliver (SCHEDULER_ENABLED=false) commits the write, then dies hard
    const first = await spawnServer('ignore', { WEBHOOKS_ALLOW_LOOPBACK: 'true' });
    children.push(first.child);
    const reply = await call(first.url, a.token, 'customers.create', { display_name: 'Committed before the crash' });
    expect(reply.result.structuredContent.display_name).toBe('Committed before the crash');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(rx.on('/crash')).toEqual([]);
    const second = await spawnServer('ignore', delivering);
    children.push(second.child);
    await waitFor(() => rx.on('/crash').length >= 1, 20_000, 'the delivery after restart');
    const [got] = rx.on('/crash');
    expect(got.event).toMatchObject({ type: 'customers.created', data: { object: reply.result.structuredContent } });
    expect(rx.unverified).toEqual([]);
    second.child.kill('SIGKILL');
  }, 60_000);

  it('two server processes deliver every event exactly once, one send at a time per event', async () => {
    const a = await newTenant(t);
    const paths = ['/two-a', '/two-b', '/two-c', '/two-d'];
    for (const p of paths) await endpoint(a.tenantId, p);
    // a slow receiver keeps sends in flight while the other server claims
    rx.answer = () => new Promise((r) => setTimeout(() => r(200), 5));
    const servers = await Promise.all([spawnServer('ignore', delivering), spawnServer('ignore', delivering)]);
    children.push(...servers.map((s) => s.child));
    const writes = 60;
    for (let i = 0; i < writes; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => a.client.call('customers.create', { display_name: `Shared ${i + j}` })));
    await waitFor(() => rx.received.filter((r) => paths.includes(r.path)).length >= writes * paths.length, 30_000, 'every delivery');
    await new Promise((r) => setTimeout(r, 300));
    for (const p of paths) {
      const ids = rx.on(p).map((r) => r.headers['webhook-id']);
      expect([p, ids.length, new Set(ids).size]).toEqual([p, writes, writes]);
      // per endpoint in event order
      const names = rx.on(p).map((r) => r.event.data.object.display_name);
      const [{ order }] = await t.ds.query(`SELECT array_agg(e.data->'object'->>'display_name' ORDER BY e.seq) AS order FROM webhook_events e WHERE e.tenant_id = $1`, [
        a.tenantId,
      ]);
      expect(names).toEqual(order);
    }
    expect(rx.maxConcurrentSameId).toBe(1);
    expect(rx.unverified).toEqual([]);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE tenant_id = $1 AND (status <> 'delivered' OR attempts <> 1)`, [a.tenantId]);
    expect(n).toBe(0);
    rx.answer = () => 200;
  }, 90_000);
});
