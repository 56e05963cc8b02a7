#!/usr/bin/env node
// `npm start` builds when needed: when dist/ is missing or older than any source file.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');
const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), 0);
}

const sources = ['src', 'migrations', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/postbuild.js']
  .map((p) => path.join(root, p))
  .filter((p) => fs.existsSync(p));
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (!built || Math.max(...sources.map(newest)) > built) {
  process.stderr.write('zoop: building (dist/ is missing or stale)\n');
  execSync('npm run --silent build', { cwd: root, stdio: ['ignore', 2, 2] });
}
