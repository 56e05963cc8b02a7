// The per-call log line's CPU, in-process, on the built code (npm run build first): the line as the
// call observer writes it (pino, the McpCall child logger with its top-level redaction), written to
// /dev/null, four ways, interleaved; medians of the rounds, in µs per line.
//   node scripts/bench/log-line-cpu.mjs [N] [ROUNDS]
// - sonicboom + pino isoTime: what the server ran before BatchedLines (pino.destination with
//   minLength 4096 buffering the lines itself) and pino's stdTimeFunctions.isoTime
// - sonicboom + isoTime: the same with logger.ts's isoTime
// - BatchedLines + pino isoTime: logger.ts's batching in front of an unbuffered pino.destination
// - BatchedLines + isoTime: what the server runs now
// Every 8 lines the loop yields a microtask turn, as calls interleave in a server.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(import.meta.url);
const dist = resolve('dist/src');
const { BatchedLines, flatLineLogger, isoTime, REDACT } = require(`${dist}/ops/logging/logger.js`);
const pino = require(require.resolve('pino', { paths: [dist] }));

const N = Number(process.argv[2] ?? 100000);
const ROUNDS = Number(process.argv[3] ?? 7);
const sonicboom = () => pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 });
const batched = () => new BatchedLines(pino.destination({ dest: '/dev/null', sync: true }));
// createLogger's options, with the destination and time function under test
const logger = (dest, timestamp) =>
  flatLineLogger(pino({ level: 'info', base: { pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp }, dest), { context: 'McpCall' });
const variants = {
  'sonicboom + pino isoTime (before)': logger(sonicboom(), pino.stdTimeFunctions.isoTime),
  'sonicboom + isoTime': logger(sonicboom(), isoTime),
  'BatchedLines + pino isoTime': logger(batched(), pino.stdTimeFunctions.isoTime),
  'BatchedLines + isoTime (now)': logger(batched(), isoTime),
};
// the fields call-observer.ts writes
const fields = (i) => ({
  request_id: `3f1c2a9e-8b7d-4e2f-9a1b-${100000000000 + i}`,
  tenant_id: 'a1b2c3d4-e5f6-4789-a012-3456789abcde',
  actor_kind: 'api_key',
  tool: 'jobs.get',
  outcome: 'ok',
  status: 200,
  duration_ms: 1.23 + (i % 100) / 100,
});
const times = {};
for (let round = 0; round < ROUNDS; round++) {
  const order = Object.entries(variants);
  if (round % 2) order.reverse();
  for (const [name, log] of order) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      log.info(fields(i), 'mcp call');
      if (i % 8 === 7) await null;
    }
    (times[name] ??= []).push(Number(process.hrtime.bigint() - t) / 1e3 / N);
    await new Promise((r) => setTimeout(r, 150)); // the 100 ms timer of the last batch has fired
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`| log line, ${N} lines × ${ROUNDS} rounds | µs per line (median) |\n|---|---:|`);
for (const [name, xs] of Object.entries(times)) console.log(`| ${name} | ${median(xs).toFixed(2)} |`);
