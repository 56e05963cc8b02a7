import { ChildProcess, execSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ACCEPT, newTenant, startApp, TestApp } from './support/app';

const root = join(__dirname, '..');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

// Idempotency keys live in PostgreSQL, so they hold across server processes: an agent whose retry
// lands on another instance behind a load balancer still gets its first job back, never a second.
describe('agents: idempotency across two server processes', () => {
  let t: TestApp;
  let child: ChildProcess | undefined;
  let childUrl = '';
  beforeAll(async () => {
    execSync('node scripts/ensure-build.js', { cwd: root, stdio: 'ignore' });
    t = await startApp();
    const port = await freePort();
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    childUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (await fetch(`${childUrl}/healthz`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the second server process did not start');
  }, 180_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await t.close();
  });

  it('20 concurrent retries of jobs.create with one key, spread over two processes, create exactly one job', async () => {
    const a = await newTenant(t);
    const args = { title: 'Retried visit', scheduled_start: '2031-03-04T09:00:00Z', line_items: [{ description: 'Labour', unit_price: 95, quantity: 2 }] };
    const call = (base: string) =>
      fetch(`${base}/api/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${a.token}`, 'idempotency-key': 'visit-42' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'jobs.create', arguments: args } }),
      }).then((r) => r.json() as Promise<any>);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? childUrl : t.baseUrl)));
    const ids = new Set(replies.map((r) => r.result?.structuredContent?.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await t.ds.query(`SELECT id FROM jobs WHERE tenant_id = $1 AND title = 'Retried visit'`, [a.tenantId]);
    expect(rows).toEqual([{ id }]);
    expect(Number((await t.ds.query(`SELECT count(*) AS n FROM job_line_items WHERE job_id = $1`, [id]))[0].n)).toBe(1);
    // the same key with other arguments, on either process, is conflict
    const other = await fetch(`${childUrl}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${a.token}`, 'idempotency-key': 'visit-42' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'jobs.create', arguments: { ...args, title: 'Another' } } }),
    }).then((r) => r.json() as Promise<any>);
    expect(other.error.data.kind).toBe('conflict');
  });
});
