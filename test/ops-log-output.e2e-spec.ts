import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { newTenant, startApp, TestApp, TestTenant } from './support/app';
import { ensureBuild, spawnServer } from './support/server';

// The server's log lines on stdout (README "Configuration", LOG_LEVEL) against a real process: a
// reader that stops reading never holds the server up, and no line is lost when it is read again or
// when the process ends on SIGTERM.
const CALLS = 1500; // ~300 bytes of log line each: several times what a pipe holds (64 KiB)

describe('ops: log lines on stdout', () => {
  let t: TestApp;
  let a: TestTenant;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    ensureBuild();
    t = await startApp();
    a = await newTenant(t);
  }, 180_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await t.close();
  });

  const ping = (url: string, id: number) =>
    fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' }),
      signal: AbortSignal.timeout(10_000),
    }).then(
      (r) => r.status,
      (err) => String(err?.name ?? err),
    );
  const callLines = (out: string) => out.split('\n').filter((l) => l.includes('"msg":"mcp call"') && l.includes('"tool":"ping"')).length;

  it('answers every call while nobody reads its stdout, and writes every line once it is read again or the process ends', async () => {
    const spawned = await spawnServer('pipe', { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0' });
    child = spawned.child;
    child.stderr!.resume();
    // nobody reads stdout: the pipe fills after a few hundred lines
    child.stdout!.pause();
    const statuses: (number | string)[] = [];
    for (let i = 0; i < CALLS && !statuses.some((s) => s !== 200); i += 25) statuses.push(...(await Promise.all(Array.from({ length: 25 }, (_, k) => ping(spawned.url, i + k)))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const health = await fetch(`${spawned.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status);
    expect(health).toBe(200);

    // read again: every line arrives, in the order written
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stdout!.resume();
    for (let i = 0; i < 100 && callLines(stdout) < CALLS; i++) await new Promise((r) => setTimeout(r, 100));
    expect(callLines(stdout)).toBe(CALLS);

    // calls right before SIGTERM: their lines, still in the buffer, are written before the process ends
    const last = await Promise.all(Array.from({ length: 20 }, (_, k) => ping(spawned.url, CALLS + k)));
    expect(last.filter((s) => s !== 200)).toEqual([]);
    // 'close': the process has ended and its stdout is read to the end
    const closed = once(child, 'close');
    child.kill('SIGTERM');
    const [code] = await closed;
    expect(code).toBe(0);
    expect(callLines(stdout)).toBe(CALLS + 20);
    // nothing was dropped (the lines waited in memory), and the process never logged an error
    expect(stdout).not.toMatch(/"level":(50|60)/);
  }, 120_000);
});
