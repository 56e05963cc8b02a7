#!/usr/bin/env node
// How much context the tool catalogue costs a model: the size of tools/list for all tools and per
// toolset (entity), in characters and approximate tokens (characters ÷ 4).
//   npm run tools:budget -- --url http://127.0.0.1:3000/api/mcp --token zoop_uk_…   (a token with all scopes)
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:3000/api/mcp' }, token: { type: 'string', default: process.env.ZOOP_TOKEN } } });
if (!o.token) {
  console.error('usage: tools-budget.mjs --url URL --token TOKEN (or ZOOP_TOKEN); the token should have every scope');
  process.exit(2);
}
async function list(query = '') {
  const res = await fetch(o.url + query, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${o.token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  const body = await res.json();
  if (body.error) throw new Error(body.error.message);
  return body.result.tools;
}
const size = (tools) => JSON.stringify(tools).length;
const all = await list();
const entities = [...new Set(all.map((t) => t.name.split('.')[0]))].sort();
const rows = [['all tools', all.length, size(all)]];
const ro = await list('?readonly=1');
rows.push(['all, read-only', ro.length, size(ro)]);
for (const e of entities) {
  const ts = await list(`?toolsets=${e}`);
  rows.push([e, ts.length, size(ts)]);
}
console.log('| toolset | tools | characters | ≈ tokens |\n|---|---:|---:|---:|');
for (const [name, n, chars] of rows) console.log(`| ${name} | ${n} | ${chars.toLocaleString('en-US')} | ${Math.round(chars / 4).toLocaleString('en-US')} |`);
