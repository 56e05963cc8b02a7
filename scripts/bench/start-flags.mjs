// node's flags as `npm start` passes them: package.json's start script is `node <flags> dist/main.js`.
// The measuring scripts (bench, cpu-per-call, soak, the Citus bench) start the server with them but
// without npm in between, so that they know the server's own pid. Run directly, it prints them.
//   node scripts/bench/start-flags.mjs   →   --no-allocation-site-pretenuring
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function startFlags() {
  const start = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts.start;
  const m = /^node((?: \S+)*) dist\/main\.js$/.exec(start);
  if (!m) throw new Error(`package.json's start script is not "node <flags> dist/main.js": ${start}`);
  return m[1].split(' ').filter(Boolean);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(startFlags().join(' '));
