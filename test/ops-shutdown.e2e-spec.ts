import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { newTenant, startApp, TestApp } from './support/app';
import { ensureBuild, spawnServer } from './support/server';

// SIGTERM to a real server process (`node dist/main.js`) in the middle of a burst of writes:
// every write it answered is in the database, calls in flight finish, and it exits cleanly.
describe('ops: graceful shutdown', () => {
  let t: TestApp;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    ensureBuild();
    t = await startApp();
  }, 180_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await t.close();
  });

  it('finishes in-flight writes and loses none on SIGTERM', async () => {
    const a = await newTenant(t);
    const spawned = await spawnServer('pipe');
    child = spawned.child;
    const url = spawned.url;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = once(child, 'exit');

    const create = (i: number) =>
      fetch(`${url}/api/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${a.token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'customers.create', arguments: { display_name: `Burst ${i}` } } }),
      }).then(
        async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as any }),
        () => ({ status: 0, body: null }), // refused: the server had stopped accepting
      );
    const burst = Array.from({ length: 40 }, (_, i) => create(i));
    // the signal lands while most of the burst is still in flight
    await Promise.race(burst);
    child.kill('SIGTERM');
    const late = Array.from({ length: 5 }, (_, i) => create(100 + i));
    const results = await Promise.all([...burst, ...late]);
    const [code, signal] = await exited;

    const ok = results.filter((r) => r.status === 200 && r.body?.result);
    expect(ok.length).toBeGreaterThan(1);
    for (const r of results) {
      // every call either completed, or was turned away before it started: never a failed write
      expect([0, 200, 503]).toContain(r.status);
      expect(r.body?.error?.data?.kind).not.toBe('internal');
    }
    const rows = await t.ds.query(`SELECT id FROM customers WHERE tenant_id = $1`, [a.tenantId]);
    const stored = new Set(rows.map((r: any) => r.id));
    for (const r of ok) expect(stored.has(r.body.result.structuredContent.id)).toBe(true);
    expect(stored.size).toBe(ok.length);
    // Nest re-raises the signal once it has closed everything: a clean exit shows as SIGTERM
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(stderr).not.toMatch(/error/i);
  }, 60_000);
});
