#!/usr/bin/env node
// The series side of `npm run bench`: how long creating a recurring series takes (its first window
// is generated synchronously) and how long one scheduler pass over every active series takes.
//   node scripts/bench/series.mjs --url http://127.0.0.1:3300/api/mcp --token zoop_uk_… [--series 500] [--tenant ID]
// The scheduler pass runs through the admin CLI (`series:generate`), against DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, series: { type: 'string', default: '500' }, tenant: { type: 'string' }, concurrency: { type: 'string', default: '8' } },
});
if (!o.url || !o.token) {
  console.error('usage: series.mjs --url URL --token TOKEN [--series N] [--tenant ID] [--concurrency C]');
  process.exit(2);
}
let seq = 0;
async function call(name, args) {
  const res = await fetch(o.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${o.token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++seq, method: 'tools/call', params: { name, arguments: args } }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${name}: ${body.error.message}`);
  return body.result.structuredContent;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] : NaN;
};

const customer = await call('customers.create', { display_name: `Series bench ${Date.now()}` });
const rules = ['FREQ=WEEKLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=DAILY;INTERVAL=2', 'FREQ=MONTHLY;BYMONTHDAY=15'];
const zones = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Australia/Sydney'];
const today = new Date().toISOString().slice(0, 10);
const n = Number(o.series);
const times = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Number(o.concurrency) }, async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      await call('job_series.create', {
        title: `Bench series ${i}`,
        rrule: rules[i % rules.length],
        timezone: zones[i % zones.length],
        dtstart: today,
        customer_id: customer.id,
        flat_price: 120,
      });
      times.push(performance.now() - s);
    }
  }),
);
const wall = performance.now() - t0;
console.log(`job_series.create ×${n} (concurrency ${o.concurrency}): ${(n / (wall / 1000)).toFixed(1)} series/s, p50 ${median(times).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);

const cli = (args) => JSON.parse(execFileSync(process.execPath, ['dist/cli.js', ...args, '--json'], { encoding: 'utf8' }));
for (const round of [1, 2]) {
  const s = performance.now();
  const out = cli(['series:generate', ...(o.tenant ? ['--tenant', o.tenant] : [])]);
  console.log(`scheduler pass ${round}: ${out.series_processed} series, ${out.jobs_created} jobs created, ${(performance.now() - s).toFixed(0)} ms (incl. CLI start-up)`);
}
