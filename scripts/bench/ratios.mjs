#!/usr/bin/env node
// Prints the ratio lines of a load.mjs JSON-lines file as a table: each target ÷ the first one,
// medians over rounds (node ratios.mjs results.jsonl), and the zero-errors check.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ratios = lines.filter((l) => l.type === 'ratio');
console.log('| scenario | target ÷ reference | req/s ratio | p99 ratio | server CPU ratio | req/s (target / reference) |\n|---|---|---:|---:|---:|---:|');
for (const r of ratios) console.log(`| ${r.scenario} | ${r.target} ÷ ${r.vs} | ${r.rps_ratio} | ${r.p99_ratio} | ${r.server_cpu_ratio ?? '–'} | ${Math.round(r.rps)} / ${Math.round(r.ref_rps)} |`);
const bad = lines.filter((l) => l.type !== 'ratio' && ((l.non2xx ?? 0) > 0 || (l.rpc_errors ?? 0) > 0 || (l.socket_errors ?? 0) > 0));
console.log(bad.length ? `\n${bad.length} measurement(s) had non-2xx or JSON-RPC errors` : '\nevery measurement: 0 non-2xx, 0 JSON-RPC errors');
