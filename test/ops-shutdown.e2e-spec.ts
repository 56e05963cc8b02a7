import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { newTenant, startApp, TestApp } from './support/app';
import { ensureBuild, spawnServer } from './support/server';

// SIGTERM to a real server process (`node dist/main.js`) in the middle of a burst of writes: /readyz
// turns 503 at once, the server keeps serving for the drain window (SHUTDOWN_DRAIN_MS, short here),
// then stops accepting and finishes what is in flight. Every request sent before the window closes
// gets its real answer (no reset, no 503), every answered write is in the database, and it exits cleanly.
const DRAIN_MS = 2_000;

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

  it('turns /readyz to 503, serves through the drain window and answers every call in flight', async () => {
    const a = await newTenant(t);
    const spawned = await spawnServer('pipe', { SHUTDOWN_DRAIN_MS: String(DRAIN_MS), LOG_LEVEL: 'warn' });
    child = spawned.child;
    const url = spawned.url;
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d) => (stdout += d));
    const exited = once(child, 'exit');

    const create = (i: number) =>
      fetch(`${url}/api/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${a.token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'customers.create', arguments: { display_name: `Burst ${i}` } } }),
      }).then(
        async (r) => ({ i, status: r.status, body: (await r.json().catch(() => null)) as any }),
        (err) => ({ i, status: 0, body: String(err?.cause?.code ?? err) }), // reset or refused
      );
    const burst = Array.from({ length: 30 }, (_, i) => create(i));
    // the signal lands while most of the burst is still in flight
    await Promise.race(burst);
    child.kill('SIGTERM');
    const signalled = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    // sent well inside the drain window: served as usual
    const late = Array.from({ length: 5 }, (_, i) => create(100 + i));

    // /readyz during the drain: 503 as long as the server still answers, then connections are refused
    const ready: number[] = [];
    while (Date.now() - signalled < DRAIN_MS * 10) {
      const status = await fetch(`${url}/readyz`, { headers: { connection: 'close' } }).then(
        (r) => r.status,
        () => 0,
      );
      ready.push(status);
      if (status === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const results = await Promise.all([...burst, ...late]);
    const [code, signal] = await exited;

    expect(ready.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(ready.filter((s) => s !== 503 && s !== 0)).toEqual([]);
    // every call got its real answer: a JSON-RPC result
    expect(results.filter((r) => !(r.status === 200 && r.body?.result))).toEqual([]);
    const rows = await t.ds.query(`SELECT id FROM customers WHERE tenant_id = $1`, [a.tenantId]);
    const stored = new Set(rows.map((r: any) => r.id));
    for (const r of results) expect(stored.has(r.body.result.structuredContent.id)).toBe(true);
    expect(stored.size).toBe(results.length);
    // once everything is closed it exits 0 (process.exit, so the log lines still in memory are written)
    expect([code, signal]).toEqual([0, null]);
    expect(stderr).not.toMatch(/error/i);
    expect(stdout).not.toMatch(/"level":(50|60)/);
  }, 90_000);
});
