#!/usr/bin/env node
// The compiler keeps the source tree's shape (dist/src, dist/migrations, dist/ormconfig.js);
// the contract's entry points are dist/main.js and dist/cli.js, so we add two one-line shims.
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
for (const name of ['main', 'cli']) {
  const file = path.join(dist, `${name}.js`);
  fs.writeFileSync(file, `#!/usr/bin/env node\nrequire('./src/${name}.js');\n`, { mode: 0o755 });
}
fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString());
