import { ChildProcess, execSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Builds dist/ when it is stale, as `npm start` does (call it in beforeAll: a build can take a while). */
// bounded: a build that hangs fails the suite instead of holding the whole run (a synchronous call blocks jest's own timeouts)
export const ensureBuild = () => execSync('node scripts/ensure-build.js', { cwd: root, stdio: 'ignore', timeout: 300_000 });

/**
 * A real server process (`node dist/main.js`) on a free port of the test database; resolves once /healthz answers.
 * `pipe` gives its stderr and its log lines (stdout; read them, or the pipe fills up); `env` adds to or overrides its environment.
 */
export async function spawnServer(stdio: 'ignore' | 'pipe' = 'ignore', env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', stdio, stdio],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server process did not start');
}
