#!/usr/bin/env node
// Per-tool latency and throughput of a running Zoop, for the Citus-vs-PostgreSQL comparison
// (scripts/citus/bench.sh). No dependencies: fetch, CONNECTIONS calls in flight, CALLS per tool.
//   node scripts/citus/bench.mjs --url http://127.0.0.1:3400/api/mcp --token zoop_uk_… [--calls 400] [--connections 8]
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, calls: { type: 'string', default: '400' }, connections: { type: 'string', default: '8' } },
});
if (!o.url || !o.token) {
  console.error('usage: bench.mjs --url URL --token TOKEN [--calls 400] [--connections 8]');
  process.exit(2);
}
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${o.token}` };
let seq = 0;
async function call(name, args) {
  const res = await fetch(o.url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: ++seq, method: 'tools/call', params: { name, arguments: args } }) });
  const reply = await res.json();
  if (res.status !== 200 || reply.error) throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(reply.error ?? reply).slice(0, 300)}`);
  return reply.result.structuredContent;
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const calls = Number(o.calls);
const conns = Number(o.connections);
const customers = [];
const jobs = [];
for (let i = 0; i < 20; i++) customers.push((await call('customers.create', { display_name: `Bench ${i}` })).id);
for (let i = 0; i < 20; i++) jobs.push((await call('jobs.create', { title: `Bench job ${i}`, customer_id: customers[i] })).id);
const pick = (xs, i) => xs[i % xs.length];
const tools = {
  'customers.get': (i) => ['customers.get', { id: pick(customers, i) }],
  'customers.create': (i) => ['customers.create', { display_name: `C ${i}` }],
  'jobs.get': (i) => ['jobs.get', { id: pick(jobs, i) }],
  'jobs.list': (i) => ['jobs.list', { customerId: pick(customers, i) }],
  'jobs.create': (i) => ['jobs.create', { title: `J ${i}`, customer_id: pick(customers, i), line_items: [{ description: 'Labor', unit_price: 95, quantity: 1 }] }],
  'jobs.update': (i) => ['jobs.update', { id: pick(jobs, i), title: `J ${i} (edited)` }],
};
console.log('| tool | calls/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|');
for (const [tool, make] of Object.entries(tools)) {
  const ms = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (next < calls) {
        const i = next++;
        const t0 = performance.now();
        await call(...make(i));
        ms.push(performance.now() - t0);
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  console.log(`| ${tool} | ${(calls / secs).toFixed(0)} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} |`);
}
