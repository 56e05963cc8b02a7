#!/usr/bin/env node
// The compiler keeps the source tree's shape (dist/src, dist/migrations, dist/ormconfig.js);
// the contract's entry points are dist/main.js and dist/cli.js, so we add two one-line shims.
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
// (cli.js calls the CLI's entry itself: reached through `npx zoop-admin` or a bin link, the
// process's argv[1] names neither file, so the module cannot tell it is the one to run)
const shims = { main: "require('./src/main.js');", cli: "require('./src/cli.js').runCli();" };
for (const [name, body] of Object.entries(shims)) {
  fs.writeFileSync(path.join(dist, `${name}.js`), `#!/usr/bin/env node\n${body}\n`, { mode: 0o755 });
}
fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString());
