#!/usr/bin/env node
// The next most used tools of the soak, on their own (no baseline has them): customers.search,
// invoices.list and quotes.create, each for DURATION s after WARMUP s at CONNECTIONS connections,
// ROUNDS times; prints req/s and p50/p99 (medians over rounds), non-2xx and JSON-RPC errors.
//   node tools.mjs --url http://127.0.0.1:3300/api/mcp --token zoop_uk_… [--duration 10] [--warmup 2] [--connections 16] [--rounds 2]
// Run from the bench work folder (it imports autocannon from there). It first creates 300 invoices
// through the API so invoices.list has pages to read, and picks the tenant's customers for quotes.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: o } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});
if (!o.url || !o.token) {
  console.error('usage: tools.mjs --url URL --token TOKEN [--duration 10] [--warmup 2] [--connections 16] [--rounds 2]');
  process.exit(2);
}
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${o.token}` };
let seq = 0;
const body = (name, args) => JSON.stringify({ jsonrpc: '2.0', id: ++seq, method: 'tools/call', params: { name, arguments: args } });
async function call(name, args) {
  const res = await fetch(o.url, { method: 'POST', headers, body: body(name, args) });
  const reply = await res.json();
  if (res.status !== 200 || reply.error) throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(reply.error ?? reply).slice(0, 300)}`);
  return reply.result.structuredContent;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// fixtures, through the API
const customers = (await call('customers.search', {})).data.map((c) => c.id);
if (!customers.length) throw new Error('the tenant has no customers: seed it first');
const lines = [
  { description: 'Labour', unit_price: 95, quantity: 1.5 },
  { description: 'Parts', unit_price: 42.1, quantity: 2 },
  { description: 'Call-out', unit_price: 35, quantity: 1 },
];
for (let i = 0; i < 300; i += 10) {
  await Promise.all(Array.from({ length: 10 }, (_, k) => call('invoices.create', { customer_id: customers[(i + k) % customers.length], line_items: lines })));
}
let n = 0;
const SCENARIOS = {
  'customers.search': () => body('customers.search', { q: 'a', page: 1 + (n++ % 5) }),
  'invoices.list': () => body('invoices.list', { page: 1 + (n++ % 10) }),
  'quotes.create': () => body('quotes.create', { customer_id: customers[n++ % customers.length], title: `Bench quote ${n}`, line_items: lines }),
};
for (const [name, make] of Object.entries(SCENARIOS)) await call(name, JSON.parse(make()).params.arguments); // shape check

function run(make, seconds) {
  let errors = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: o.url,
        method: 'POST',
        headers,
        connections: Number(o.connections),
        duration: seconds,
        timeout: 10,
        requests: [{ setupRequest: (req) => ({ ...req, body: make() }), onResponse: (_status, text) => void (text.includes('"error"') && errors++) }],
      },
      (err, r) => (err ? reject(err) : resolve({ rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors })),
    );
  });
}

const results = {};
for (let round = 0; round < Number(o.rounds); round++) {
  for (const [name, make] of Object.entries(SCENARIOS)) {
    if (Number(o.warmup) > 0) await run(make, Number(o.warmup));
    (results[name] ??= []).push(await run(make, Number(o.duration)));
  }
}
console.log('| tool | req/s | p50 ms | p99 ms | non-2xx | JSON-RPC errors |\n|---|---:|---:|---:|---:|---:|');
for (const [name, rs] of Object.entries(results)) {
  const sum = (k) => rs.reduce((s, r) => s + r[k], 0);
  console.log(`| ${name} | ${Math.round(median(rs.map((r) => r.rps)))} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${sum('non2xx')} | ${sum('errors')} |`);
}
