import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../support/cli';
import { freePort, root } from '../support/server';

// The README's "Add an entity" recipe, done the way a team would do it, in a copy of this project
// (`npm run test:recipe`, run by .ci/run after `npm test`): a `--scopes all` key is issued, then
// `npm run generate:entity -- equipment`, `npm run migration:generate -- migrations/Equipment`
// against a fresh database, the project's linter on what changed, `npm run build`, the server
// started. The key issued *before* the entity existed must list and call its 5 tools, the
// `?toolsets=equipment` view must hold them, the catalogue-wide suites (world, isolation matrix,
// fuzzing) and the entity's own e2e test must pass over it inside the copy, and the copy must show
// no changed file outside src/equipment/, src/app.module.ts and migrations/.
//
// The fresh database is a new one made on the test run's server (the embedded PostgreSQL of
// test/global-setup.ts, or DATABASE_URL's, whose role then needs CREATEDB), dropped at the end.
// RECIPE_KEEP=1 keeps the copy (its path is printed) to look into a failure.
// RECIPE_FUZZ_RUNS: fuzz cases per generated tool (default 100).

const ENTITY = 'equipment';
const TOOLS = ['list', 'get', 'create', 'update', 'archive'].map((v) => `${ENTITY}.${v}`);
const FUZZ_BASELINE = ['customers.create', 'jobs.list', 'tags.create', 'catalog_items.create', 'customers.get'];
const ALLOWED_CHANGES = [/^src\/equipment\//, /^src\/app\.module\.ts$/, /^migrations\/[^/]+$/];
// what a build, a run or a test may leave in the copy and git would ignore (.gitignore)
const IGNORED = new Set(['node_modules', 'dist', '.data', 'coverage', 'bench-results', '.git']);

/** The project's files: git's list (tracked + untracked, not ignored) when git is there, else a walk. */
function projectFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (git.status === 0 && git.stdout) return git.stdout.split('\0').filter((f) => f && existsSync(join(root, f)));
  return walk(root);
}

function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED.has(e.name) || e.name.endsWith('.log')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else if (e.isFile()) out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

/** path → sha1 of every file in the copy that git would see (what `git status` compares). */
function manifest(dir: string): Map<string, string> {
  return new Map(
    walk(dir).map((f) => [
      f,
      createHash('sha1')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

function run(cwd: string, env: NodeJS.ProcessEnv, cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`.slice(-8000));
  return r.stdout;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('the "Add an entity" recipe, in a copy of the project', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const dbName = `zoop_recipe_${randomBytes(4).toString('hex')}`;
  const dbUrl = withDatabase(serverUrl, dbName);
  let copy: string;
  let env: NodeJS.ProcessEnv;
  let before: Map<string, string>;
  let token: string;
  let recipeTenant: string;
  let server: ChildProcess | undefined;
  let serverExited: Promise<unknown> = Promise.resolve();
  let mcp: string;
  let seq = 0;

  const rpc = async (method: string, params: unknown, query = '') => {
    const res = await fetch(`${mcp}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++seq, method, params }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const call = async (name: string, args: Record<string, unknown>) => {
    const { status, body } = await rpc('tools/call', { name, arguments: args });
    if (status !== 200 || body.error) throw new Error(`${name}: HTTP ${status} ${JSON.stringify(body.error ?? body)}`);
    return body.result.structuredContent;
  };

  beforeAll(async () => {
    await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${dbName}`)).catch((err) => {
      throw new Error(
        `the recipe test makes a fresh database on the test run's server and could not (${err.message}): unset DATABASE_URL to use the embedded PostgreSQL, or give its role CREATEDB`,
      );
    });
    copy = mkdtempSync(join(tmpdir(), 'zoop-recipe-'));
    chmodSync(copy, 0o755);
    for (const f of projectFiles()) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      copyFileSync(join(root, f), join(copy, f));
      chmodSync(join(copy, f), statSync(join(root, f)).mode);
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    before = manifest(copy);
    // the copy's commands see the fresh database and nothing of this run's own set-up
    env = { ...process.env, DATABASE_URL: dbUrl, ZOOP_DATA_DIR: join(copy, '.data') };
    for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'ZOOP_TEST_EMBEDDED' || k.startsWith('JEST_')) delete env[k];
    if (process.env.RECIPE_KEEP) process.stderr.write(`recipe copy: ${copy}\n`);
  }, 300_000);

  afterAll(async () => {
    server?.kill('SIGTERM');
    await serverExited;
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => undefined);
    if (copy && !process.env.RECIPE_KEEP) rmSync(copy, { recursive: true, force: true });
  }, 60_000);

  it('issues a --scopes all key before the entity exists (the admin CLI, against the same database)', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = dbUrl; // the CLI reads its configuration from the environment
    try {
      const cli = async (...argv: string[]) => {
        const r = await runCli(...argv, '--json');
        if (r.code !== 0) throw new Error(`zoop-admin ${argv[0]}: ${r.err}`);
        return JSON.parse(r.out);
      };
      const tenant = await cli('tenant:create', '--name', 'Recipe');
      recipeTenant = tenant.id;
      const user = await cli('user:create', '--tenant', tenant.id, '--email', 'owner@recipe.test', '--role', 'owner');
      token = (await cli('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'all', '--name', 'before equipment')).token;
    } finally {
      process.env.DATABASE_URL = saved;
    }
    expect(token).toEqual(expect.any(String));
  }, 120_000);

  it('npm run generate:entity -- equipment writes the folder and one module line', () => {
    const out = run(copy, env, 'npm', 'run', '--silent', 'generate:entity', '--', ENTITY);
    expect(out).toContain(`wrote src/${ENTITY}/`);
    for (const f of [
      'equipment.module.ts',
      'equipment.entity.ts',
      'equipment.service.ts',
      'equipment.tools.ts',
      'equipment.instructions.ts',
      'equipment.world.ts',
      'equipment.e2e-spec.ts',
    ]) {
      expect(existsSync(join(copy, 'src', ENTITY, f))).toBe(true);
    }
    // a second run refuses, as do bad names, and they write nothing
    for (const bad of [ENTITY, 'Equipment', 'all', 'job_series']) {
      const r = spawnSync('npm', ['run', '--silent', 'generate:entity', '--', bad], { cwd: copy, env, encoding: 'utf8' });
      expect([bad, r.status]).toEqual([bad, 1]);
      expect(r.stderr).toMatch(/generate:entity: /);
    }
  }, 120_000);

  it('npm run migration:generate -- migrations/Equipment makes its migration against the fresh database', () => {
    run(copy, env, 'npm', 'run', '--silent', 'migration:generate', '--', 'migrations/Equipment');
    const made = readdirSync(join(copy, 'migrations')).filter((f) => /^\d+-Equipment\.ts$/.test(f));
    expect(made).toHaveLength(1);
    expect(readFileSync(join(copy, 'migrations', made[0]), 'utf8')).toContain('CREATE TABLE "equipment"');
  }, 600_000);

  it("the copy type-checks (the generated world fragment and e2e test included), and what changed is clean under the project's linter", () => {
    run(copy, env, 'npm', 'run', '--silent', 'typecheck');
    // ESLint with the project's config (eslint.config.mjs: its module-boundary rule reads every src/ folder)
    const eslint = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const now = manifest(copy);
    const changed = [...now.keys()].filter((f) => before.get(f) !== now.get(f) && /^src\/.*\.ts$/.test(f)); // eslint leaves migrations/ out
    expect(changed).toEqual(expect.arrayContaining(['src/app.module.ts', `src/${ENTITY}/${ENTITY}.service.ts`]));
    run(copy, env, process.execPath, eslint, '--max-warnings=0', ...changed);
  }, 300_000);

  it('npm run build builds it, and the server starts and migrates', async () => {
    run(copy, env, 'npm', 'run', '--silent', 'build');
    const port = await freePort();
    server = spawn(process.execPath, ['dist/main.js'], {
      cwd: copy,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    serverExited = new Promise((r) => server!.once('exit', r));
    let stderr = '';
    server.stderr!.on('data', (d) => (stderr += d));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600 && server.exitCode === null; i++) {
      if (
        await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (
      server.exitCode !== null ||
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      throw new Error(`the server did not start: ${stderr.slice(-4000)}`);
    mcp = `${url}/api/mcp`;
  }, 600_000);

  it('the key issued before lists the 5 new tools and can call them: create, get, list, update, archive', async () => {
    const { body } = await rpc('tools/list', {});
    const names: string[] = body.result.tools.map((t: any) => t.name);
    expect(names).toEqual(expect.arrayContaining(TOOLS));
    const made = await call('equipment.create', { name: 'Van 1', description: 'white' });
    expect(made).toMatchObject({ name: 'Van 1', description: 'white', archived_at: null });
    expect(await call('equipment.get', { id: made.id })).toEqual(made);
    expect((await call('equipment.list', { q: 'van' })).data.map((r: any) => r.id)).toEqual([made.id]);
    expect(await call('equipment.update', { id: made.id, name: 'Van 2' })).toMatchObject({ id: made.id, name: 'Van 2' });
    expect((await call('equipment.archive', { id: made.id })).archived_at).toEqual(expect.any(String));
    expect((await call('equipment.list', {})).count).toBe(0);
  });

  it("the copy's admin CLI knows the new scopes: a read:equipment key lists equipment.list and equipment.get", async () => {
    const issued = JSON.parse(run(copy, env, process.execPath, 'dist/cli.js', 'key:issue', '--tenant', recipeTenant, '--scopes', `read:${ENTITY}`, '--json'));
    const res = await fetch(mcp, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${issued.token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++seq, method: 'tools/list', params: {} }),
    });
    const body: any = await res.json();
    expect(body.result.tools.map((t: any) => t.name).sort()).toEqual([`${ENTITY}.get`, `${ENTITY}.list`]);
  });

  it('?toolsets=equipment holds exactly its 5 tools', async () => {
    const { status, body } = await rpc('tools/list', {}, `?toolsets=${ENTITY}`);
    expect(status).toBe(200);
    expect(body.result.tools.map((t: any) => t.name).sort()).toEqual([...TOOLS].sort());
  });

  it("the world, isolation and fuzz suites and the entity's own e2e test pass over it, inside the copy", async () => {
    server?.kill('SIGTERM'); // the suites start their own app; save the CPU
    await serverExited;
    const out = join(copy, '.data', 'jest.json');
    mkdirSync(dirname(out), { recursive: true });
    // plus the unit specs under src/ (module boundaries, instruction budgets: they read every folder)
    const unit = walk(join(copy, 'src'))
      .filter((f) => f.endsWith('.spec.ts') && !f.endsWith('e2e-spec.ts'))
      .map((f) => `src/${f}`);
    const specs = ['test/world.e2e-spec.ts', 'test/isolation.e2e-spec.ts', 'test/fuzz.e2e-spec.ts', `src/${ENTITY}/${ENTITY}.e2e-spec.ts`, ...unit];
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', '--ci', '--json', `--outputFile=${out}`, ...specs], {
      cwd: copy,
      // the fuzzing over the new tools, plus the five tools the fuzz suite's "not vacuous" check samples
      // (it measures its generator on those, and fails when FUZZ_TOOLS leaves all of them out)
      env: { ...env, FUZZ_TOOLS: [...TOOLS, ...FUZZ_BASELINE].join(','), FUZZ_RUNS: process.env.RECIPE_FUZZ_RUNS ?? '100' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
    const summary = report
      ? report.testResults.map((s: any) => `${relative(copy, s.name)}: ${s.status} ${s.message ? s.message.slice(0, 3000) : ''}`).join('\n')
      : `${r.stdout}\n${r.stderr}`.slice(-8000);
    if (r.status !== 0) throw new Error(`the suites failed inside the copy:\n${summary}`);
    // every spec ran, and ran tests
    const ran = report.testResults.map((s: any) => relative(copy, s.name).split(sep).join('/')).sort();
    expect(ran).toEqual([...specs].sort());
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(specs.length);
    // and the new tools were in them, not left out: the suites' tenants (every one but the recipe's
    // own) seeded equipment from its world fragment and called its write tools (the world suite
    // calls every tool its key lists; the isolation matrix stands on the same worlds and key)
    const used: { tool: string; tenants: number }[] = await admin(dbUrl, (c) =>
      c
        .query(
          `SELECT tool, count(DISTINCT tenant_id)::int AS tenants FROM audit_events
            WHERE tool LIKE 'equipment.%' AND tenant_id <> $1 GROUP BY tool ORDER BY tool`,
          [recipeTenant],
        )
        .then((q) => q.rows),
    );
    const tenants = Object.fromEntries(used.map((u) => [u.tool, u.tenants]));
    // world (1) + isolation (2) + fuzz (1) worlds at least; update and archive by the world suite's valid calls
    expect(tenants['equipment.create']).toBeGreaterThanOrEqual(4);
    expect(tenants['equipment.update']).toBeGreaterThanOrEqual(1);
    expect(tenants['equipment.archive']).toBeGreaterThanOrEqual(1);
  }, 1_200_000);

  it('changed no file outside src/equipment/, src/app.module.ts and migrations/', () => {
    const after = manifest(copy);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
    expect(changed.filter((f) => !ALLOWED_CHANGES.some((re) => re.test(f)))).toEqual([]);
    expect(changed).toEqual(expect.arrayContaining(['src/app.module.ts', 'src/equipment/equipment.module.ts']));
    // app.module.ts: lines added (the import and the entry), none removed
    const lines = (s: string) => s.split('\n');
    const was = lines(readFileSync(join(root, 'src', 'app.module.ts'), 'utf8'));
    const now = lines(readFileSync(join(copy, 'src', 'app.module.ts'), 'utf8'));
    const added = now.filter((l) => !was.includes(l));
    expect(added.map((l) => l.trim())).toEqual(["import { EquipmentModule } from './equipment/equipment.module';", 'EquipmentModule,']);
    expect(was.filter((l) => !now.includes(l))).toEqual([]);
  });
});
