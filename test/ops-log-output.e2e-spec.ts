import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { newTenant, startApp, TestApp } from './support/app';
import { ensureBuild, spawnServer } from './support/server';

// A real server process (`node dist/main.js`) with its stdout on a pipe, as a container runtime or a
// process manager reads it. Log lines are written in batches (src/ops/logging/logger.ts): a line still
// reaches stdout on its own while the server is idle, and none is lost when the process stops on a signal.
describe('ops: log lines on stdout', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    ensureBuild();
    t = await startApp();
  }, 180_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await t.close();
  });

  async function server() {
    const { child, url } = await spawnServer('pipe', { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0' });
    children.push(child);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.resume();
    // whole lines only: a read can end in the middle of one
    const callLines = () =>
      stdout
        .slice(0, stdout.lastIndexOf('\n') + 1)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'mcp call');
    return { child, url, callLines };
  }

  const ping = (url: string, token: string, requestId: string) =>
    fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, 'x-request-id': requestId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    }).then((r) => r.status);

  it('writes the line of a lone call without waiting for more traffic or for the process to end', async () => {
    const a = await newTenant(t);
    const s = await server();
    const id = randomUUID();
    expect(await ping(s.url, a.token, id)).toBe(200);
    // the batch is written within LOG_FLUSH_MS (100 ms); 5 s is only a bound for a slow machine
    for (let waited = 0; waited < 5_000 && !s.callLines().some((l) => l.request_id === id); waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(s.callLines().find((l) => l.request_id === id)).toMatchObject({ tenant_id: a.tenantId, tool: 'ping', outcome: 'ok', status: 200 });
    expect(s.child.exitCode).toBeNull();
  }, 60_000);

  it('loses no line when the process stops on SIGTERM right after a burst of calls', async () => {
    const a = await newTenant(t);
    const s = await server();
    const ids = Array.from({ length: 60 }, () => randomUUID());
    const statuses = await Promise.all(ids.map((id) => ping(s.url, a.token, id)));
    expect(statuses.every((st) => st === 200)).toBe(true);
    const closed = once(s.child, 'close'); // after its stdout has been read to the end
    s.child.kill('SIGTERM');
    const [code] = await closed;
    const logged = new Set(s.callLines().map((l) => l.request_id));
    expect(ids.filter((id) => !logged.has(id))).toEqual([]);
    expect(code).toBe(0); // a clean stop: it exits once everything is closed and written
  }, 60_000);
});
