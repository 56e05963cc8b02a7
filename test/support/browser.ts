import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, Browser } from 'playwright-core';

// The tests' headless Chromium, so that `npm install && npm test` needs nothing but Node and npm.
// Where the browser comes from, first match wins:
//   1. CHROMIUM_PATH, when set (a browser you choose; an error if nothing is there);
//   2. the @sparticuz/chromium dev dependency: a Chromium build inside the npm package (brotli
//      files, no download at install), unpacked once per version into the temp folder;
//   3. a system one: /usr/bin/chromium (Debian's package), when the package cannot run here.
// ZOOP_TEST_BROWSER=system skips step 2 (to test the fallback on a machine that has both).

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Unpacks the package's Chromium into its own folder (atomically, so an interrupted unpack is never reused). */
async function packagedChromium(): Promise<string> {
  const main = require.resolve('@sparticuz/chromium'); // <package>/build/cjs/index.cjs
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', '..', 'package.json'), 'utf8')) as { version: string };
  // the library unpacks into os.tmpdir() and reuses any /tmp/chromium it finds there (another
  // version's, or a half-written one): give it a fresh folder of its own, then move it into place
  const home = join(tmpdir(), `zoop-chromium-${pkg.version}-${process.getuid?.() ?? 0}`);
  const binary = join(home, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(`${home}.unpacking-`);
  // in a child process: jest gives tests a copy of process.env, so a TMPDIR set here would not reach
  // os.tmpdir() and the library would unpack into (or reuse) /tmp/chromium instead of `staging`
  const unpacked = execFileSync(process.execPath, ['-e', `const c = require(${JSON.stringify(main)}); (c.default ?? c).executablePath().then((p) => process.stdout.write(p))`], {
    env: { ...process.env, TMPDIR: staging },
    cwd: dirname(main),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (unpacked !== join(staging, 'chromium')) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`@sparticuz/chromium unpacked into ${unpacked}, not ${staging}`);
  }
  if (existsSync(home) && !existsSync(binary)) rmSync(home, { recursive: true, force: true }); // an earlier, empty attempt
  try {
    renameSync(staging, home);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run got there first: use its copy
  }
  if (!existsSync(binary)) throw new Error(`@sparticuz/chromium unpacked no browser into ${home}`);
  return binary;
}

export async function chromiumExecutable(env = process.env): Promise<string> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH}: no browser there`);
    return env.CHROMIUM_PATH;
  }
  let packageError: unknown;
  if (env.ZOOP_TEST_BROWSER !== 'system') {
    try {
      return await packagedChromium();
    } catch (err) {
      packageError = err;
    }
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new Error(`no headless Chromium: the @sparticuz/chromium package failed (${packageError ?? 'skipped'}) and ${SYSTEM_CHROMIUM} is not installed; set CHROMIUM_PATH`);
}

/** A headless Chromium for the tests. Flags as root in a closed network: no sandbox, no background traffic. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
