import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuild, freePort, root } from './support/server';
import { answers } from '../src/database/resolve-database';

// `npm start` and `zoop-admin` as a user runs them: real processes, the embedded PostgreSQL (no
// DATABASE_URL), from folders other than the checkout, on a non-default port.

jest.setTimeout(180_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// the environment of a user's shell: none of the test run's database settings
const baseEnv = () => {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'ZOOP_TEST_EMBEDDED', 'ZOOP_DATA_DIR', 'EMBEDDED_PG_PORT', 'PORT']) delete env[k];
  return env;
};

function run(script: 'cli' | 'main', args: string[], cwd: string, env: Record<string, string | undefined>, wait = true): Promise<Run> & { child: ChildProcess } {
  const child = spawn(process.execPath, [join(root, 'dist', `${script}.js`), ...args], { cwd, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(wait ? done : done, { child });
}
const cli = (args: string[], cwd: string, env: Record<string, string | undefined> = {}) => run('cli', args, cwd, env);

async function startServer(cwd: string, env: Record<string, string>) {
  const port = await freePort();
  const server = run('main', [], cwd, { ...env, PORT: String(port), HOST: '127.0.0.1', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error' }, false);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 900; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { server, url };
    if (server.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.child.kill('SIGKILL');
  throw new Error(`the server did not start: ${(await server).stderr}`);
}
/** SIGTERM, as a service manager stops it: the process ends by itself (143: 128 + SIGTERM, set by the embedded database's exit hook). */
async function stopServer(s: { server: Promise<Run> & { child: ChildProcess } }) {
  s.server.child.kill('SIGTERM');
  const r = await s.server;
  return { ...r, stopped: r.code === 0 || r.code === 143 };
}

const canConnect = (url: string) => answers(url, 2000);

describe('the embedded database, the server and the CLI', () => {
  let top: string;
  let app: string; // where the server is started
  let elsewhere: string; // another folder the CLI is run from
  let dataDir: string;
  let state: string;
  let pgPort: number;
  let env: Record<string, string>;
  let servers: { server: Promise<Run> & { child: ChildProcess } }[] = [];

  beforeAll(() => {
    ensureBuild();
    top = mkdtempSync(join(tmpdir(), 'zoop-fresh-')); // mode 0700, like `mktemp -d`
    app = join(top, 'app');
    elsewhere = join(top, 'elsewhere');
    state = join(top, 'state');
    for (const d of [app, elsewhere, state]) mkdirSync(d);
    // a data directory the postgres OS user can reach (it runs the cluster when we are root)
    dataDir = mkdtempSync(join(tmpdir(), 'zoop-fresh-data-'));
    chmodSync(dataDir, 0o755);
  });
  beforeEach(async () => {
    pgPort = await freePort();
    env = { ZOOP_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), XDG_STATE_HOME: state };
  });
  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
    rmSync(top, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('zoop-admin --help lists the commands; a command without a required option names it', async () => {
    const help = await cli(['--help'], elsewhere);
    expect(help.code).toBe(0);
    for (const c of ['init', 'tenant:create', 'user:create', 'key:issue', 'key:list', 'audit:list']) expect(help.stdout).toContain(`  ${c} `);
    // as the README says it: through npx (which reaches dist/cli.js by a path that is not its own)
    // bounded, as every synchronous call in the suite: a blocked one would hold jest past its own timeouts
    const npx = execFileSync('npx', ['--no-install', 'zoop-admin', '--help'], { cwd: root, env: baseEnv(), timeout: 60_000 }).toString();
    expect(npx).toBe(help.stdout);
    const usage = await cli(['key:issue', '--help'], elsewhere);
    expect([usage.code, usage.stdout.trim()]).toEqual([0, expect.stringMatching(/^usage: zoop-admin key:issue --tenant ID/)]);
  });

  it('the CLI makes no database of its own: with none to find it says what to do, and leaves the folder as it was', async () => {
    const r = await cli(['tenant:create', '--name', 'Nowhere', '--json'], elsewhere, { XDG_STATE_HOME: join(top, 'no-state') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no Zoop database found .*zoop-admin init/);
    expect(existsSync(join(elsewhere, '.data'))).toBe(false);
  });

  if (process.getuid?.() === 0) {
    it('as root in a folder the postgres user cannot enter (mode 0700), npm start works: the cluster lives where that user can reach it', async () => {
      const clusters = mkdtempSync(join(tmpdir(), 'zoop-fresh-clusters-'));
      chmodSync(clusters, 0o755);
      const rootEnv = { XDG_STATE_HOME: state, EMBEDDED_PG_PORT: String(pgPort), ZOOP_ROOT_CLUSTERS_DIR: clusters };
      try {
        const s = await startServer(app, rootEnv); // ZOOP_DATA_DIR: the default ./.data, inside the 0700 folder
        servers.push(s);
        const link = join(app, '.data', 'pg');
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(readlinkSync(link).startsWith(clusters)).toBe(true);
        const tenant = await cli(['tenant:create', '--name', 'Root Plumbing', '--json'], app);
        expect([tenant.code, tenant.stderr]).toEqual([0, '']);
        expect((await stopServer(s)).stopped).toBe(true);
        servers = servers.filter((x) => x !== s);
      } finally {
        rmSync(join(app, '.data'), { recursive: true, force: true });
        rmSync(clusters, { recursive: true, force: true });
      }
    });
  }

  it('a server on a non-default port and data directory; the CLI from another folder uses its database, and the key it issues works', async () => {
    const s = await startServer(app, env);
    servers.push(s);
    // a random superuser password in a 0600 file beside the cluster; the old constant no longer works
    const pwFile = join(dataDir, 'pg.password');
    expect(statSync(pwFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(pwFile, 'utf8').trim();
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(await canConnect(`postgres://postgres:zoop@127.0.0.1:${pgPort}/zoop`)).toBe(false);
    expect(await canConnect(`postgres://postgres:${password}@127.0.0.1:${pgPort}/zoop`)).toBe(true);

    // from another folder, with neither ZOOP_DATA_DIR nor EMBEDDED_PG_PORT: the server's pointer leads there
    const tenant = await cli(['tenant:create', '--name', 'Henderson Plumbing', '--json'], elsewhere, { XDG_STATE_HOME: state });
    expect(tenant.stderr).toBe('');
    const t = JSON.parse(tenant.stdout).id;
    const user = JSON.parse((await cli(['user:create', '--tenant', t, '--email', 'o@h.example', '--role', 'owner', '--json'], elsewhere, { XDG_STATE_HOME: state })).stdout).id;
    // with the server's settings, from the server's folder, too
    const key = await cli(['key:issue', '--tenant', t, '--user', user, '--scopes', 'all', '--json'], app, env);
    const { token } = JSON.parse(key.stdout);
    const res = await fetch(`${s.url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'customers.search', arguments: {} } }),
    });
    expect(res.status).toBe(200);
    expect(existsSync(join(elsewhere, '.data'))).toBe(false);

    const missing = await cli(['key:issue', '--scopes', 'all'], elsewhere, { XDG_STATE_HOME: state });
    expect([missing.code, missing.stderr.trim()]).toEqual([1, 'zoop-admin key:issue: --tenant is required']);

    // a cluster still on the old constant password (made before the file) moves to a new one at its next start
    const admin = new Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${pgPort}/postgres` });
    await admin.connect();
    await admin.query(`ALTER USER postgres PASSWORD 'zoop'`);
    await admin.end();
    expect((await stopServer(s)).stopped).toBe(true);
    servers = [];
    unlinkSync(pwFile);
    const again = await startServer(app, env);
    servers.push(again);
    const renewed = readFileSync(pwFile, 'utf8').trim();
    expect(renewed).not.toBe(password);
    expect(await canConnect(`postgres://postgres:zoop@127.0.0.1:${pgPort}/zoop`)).toBe(false);
    expect(await canConnect(`postgres://postgres:${renewed}@127.0.0.1:${pgPort}/zoop`)).toBe(true);
    // the tenant made before is still there, through the CLI
    const keys = await cli(['key:list', '--tenant', t, '--json'], elsewhere, { XDG_STATE_HOME: state });
    expect(JSON.parse(keys.stdout).data).toHaveLength(1);
  });
});
