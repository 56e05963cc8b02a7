#!/usr/bin/env node
// npm run outage: stop PostgreSQL under a server's light load, then start it again.
//
//   npm run outage                                  # 20 calls/s, 8 s without the database
//   OUTAGE_SECONDS=30 OUTAGE_RATE=50 npm run outage
//   OUTAGE_MODE=freeze npm run outage               # SIGSTOP the database instead: it accepts TCP, never answers
//
// Checks that calls fail fast (no call slower than OUTAGE_MAX_FAIL_MS) with a clear JSON-RPC error
// that carries no SQL, driver text or stack; that /readyz answers 503 while the database is gone;
// and that the same server process serves again, without a restart, once the database is back
// (same port, same data directory). Prints time to detect, failing-call latency p50/p99/max,
// the error kinds, and the time to recover. Exits non-zero when any of that does not hold.
// In freeze mode the calls already running on an open connection wait for the database (at most
// DB_POOL_SIZE of them, the known limit); every other call must fail within DB_CONNECT_TIMEOUT_MS.
import {
  call, ensureBuild, envInt, fmt, log, pct, seedTenant, sleep, startCluster, startServer, stopServer, table,
} from './lib.mjs';

const RATE = Math.max(1, envInt('OUTAGE_RATE', 20));
const MAX_IN_FLIGHT = Math.max(1, envInt('OUTAGE_MAX_IN_FLIGHT', 200));
const WARMUP_SECONDS = envInt('OUTAGE_WARMUP_SECONDS', 3);
const OUTAGE_SECONDS = envInt('OUTAGE_SECONDS', 8);
const MODE = process.env.OUTAGE_MODE || 'stop';
if (!['stop', 'freeze'].includes(MODE)) throw new Error(`OUTAGE_MODE must be stop or freeze, got ${MODE}`);
const POOL = envInt('DB_POOL_SIZE', 10);
const MAX_FAIL_MS = envInt('OUTAGE_MAX_FAIL_MS', MODE === 'stop' ? 5000 : envInt('DB_CONNECT_TIMEOUT_MS', 5000) + 2500);
const RECOVER_WITHIN_MS = envInt('OUTAGE_RECOVER_WITHIN_MS', 30_000);
const TAG = 'outage';
// what an error message must never show: SQL, driver or network internals, stack frames
const LEAK = /\b(SELECT|INSERT|UPDATE|DELETE)\b|ECONN|EPIPE|terminat|pg_|relation "|postgres|node_modules|\bat \S+ \(|:\d+:\d+\)/i;

async function main() {
  ensureBuild();
  const cluster = await startCluster(TAG);
  let server;
  let exitCode = 1;
  try {
    server = await startServer(cluster.url, {}, 'server');
    const tenant = await seedTenant(cluster.url, 'Outage tenant');
    const customer = await call(server.url, tenant.token, 'customers.create', { display_name: 'Outage Lawn Care' });
    const job = await call(server.url, tenant.token, 'jobs.create', { title: 'Mow', customer_id: customer.result?.id });
    if (!customer.ok || !job.ok) throw new Error(`seeding failed: ${customer.message ?? job.message}`);

    const t0 = performance.now();
    const now = () => performance.now() - t0;
    const calls = []; // {start, end, ms, ok, kind, status, message}
    const probes = []; // {start, end, status, body}
    const marks = {};
    let running = true;

    // light load, open loop: a call every 1/RATE s whether or not earlier ones have answered (as many
    // independent clients would), one in four a write; at most MAX_IN_FLIGHT outstanding
    const inFlight = new Set();
    const one = async (k) => {
      const start = now();
      const write = k % 4 === 0;
      const r = write
        ? await call(server.url, tenant.token, 'jobs.create', { title: `Outage job ${k}`, customer_id: customer.result.id, line_items: [{ description: 'Mowing', unit_price: 45, quantity: 1 }] }, { timeoutMs: 60_000 })
        : await call(server.url, tenant.token, k % 2 ? 'jobs.get' : 'customers.search', k % 2 ? { id: job.result.id } : { q: 'lawn' }, { timeoutMs: 60_000 });
      calls.push({ start, end: now(), ms: r.ms, ok: r.ok, kind: r.kind, status: r.status, message: r.message, tool: write ? 'jobs.create' : 'read' });
    };
    const loader = (async () => {
      let k = 0;
      let due = now();
      while (running) {
        if (inFlight.size < MAX_IN_FLIGHT) {
          const p = one(k++);
          inFlight.add(p);
          p.finally(() => inFlight.delete(p));
        }
        due += 1000 / RATE;
        await sleep(Math.max(0, due - now()));
      }
      await Promise.all(inFlight);
    })();
    // /readyz every 100 ms
    const prober = (async () => {
      while (running) {
        const start = now();
        let status = 0;
        let body = '';
        try {
          const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(10_000) });
          status = res.status;
          body = await res.text();
        } catch (err) {
          body = String(err?.message ?? err);
        }
        probes.push({ start, end: now(), status, body });
        await sleep(Math.max(0, 100 - (now() - start)));
      }
    })();

    await sleep(WARMUP_SECONDS * 1000);
    log(TAG, `${MODE === 'stop' ? 'stopping' : 'freezing'} PostgreSQL for ${OUTAGE_SECONDS} s`);
    marks.stop = now();
    if (MODE === 'stop') await cluster.stop();
    else cluster.freeze();
    marks.stopped = now();
    await sleep(OUTAGE_SECONDS * 1000);
    log(TAG, MODE === 'stop' ? 'starting PostgreSQL again (same port, same data directory)' : 'thawing PostgreSQL');
    marks.start = now();
    if (MODE === 'stop') await cluster.start();
    else cluster.thaw();
    marks.started = now();
    // run on until a call and a probe have succeeded, plus a few seconds of steady load
    const until = now() + RECOVER_WITHIN_MS;
    while (now() < until) {
      const okCall = calls.some((c) => c.start >= marks.start && c.ok);
      const okProbe = probes.some((p) => p.start >= marks.start && p.status === 200);
      if (okCall && okProbe) break;
      await sleep(50);
    }
    await sleep(3000);
    running = false;
    await Promise.all([loader, prober]);
    const stillAlive = !server.exited;

    // ---- figures
    const before = calls.filter((c) => c.end < marks.stop);
    const during = calls.filter((c) => c.start >= marks.stop && c.start < marks.start);
    // held: running on an open connection when the database froze, answered only once it came back
    // (a call that started in the last seconds before the thaw and then got its connection is not held)
    const held = calls.filter((c) => c.start < marks.start && c.end >= marks.start && c.ms > MAX_FAIL_MS);
    const failing = during.filter((c) => !c.ok && !held.includes(c));
    const firstFail = calls.find((c) => c.end >= marks.stop && !c.ok);
    const firstDown = probes.find((p) => p.end >= marks.stop && p.status === 503);
    const firstOk = calls.find((c) => c.start >= marks.start && c.ok);
    const firstReady = probes.find((p) => p.start >= marks.start && p.status === 200);
    const lastOk = firstOk ? calls.filter((c) => c.start >= firstOk.start) : [];
    const afterFailures = lastOk.filter((c) => !c.ok);
    const probesDuring = probes.filter((p) => p.start >= (firstDown?.end ?? marks.stopped) && p.end < marks.start);
    const kinds = new Map();
    for (const c of failing) kinds.set(`${c.kind} (HTTP ${c.status})`, (kinds.get(`${c.kind} (HTTP ${c.status})`) ?? 0) + 1);
    const messages = [...new Set(failing.map((c) => String(c.message).replace(/\(request [\w.-]+\)/, '(request …)')))];
    const leaks = messages.filter((m) => LEAK.test(String(m)));
    const slow = failing.filter((c) => c.ms > MAX_FAIL_MS);
    const hungAtStop = calls.filter((c) => c.start < marks.stop && c.end > marks.stop && c.ms > MAX_FAIL_MS && !held.includes(c));
    const slowOnes = slow.filter((c) => !held.includes(c));
    const readyWrong = probesDuring.filter((p) => p.status !== 503);
    const fms = failing.map((c) => c.ms);

    if (process.env.OUTAGE_DEBUG) for (const c of held.slice(0, 30)) console.error(`held: start ${fmt(c.start - marks.stop, 0)} end ${fmt(c.end - marks.start, 0)} after thaw, ${c.ok ? 'ok' : c.kind} ${c.tool}`);
    const out = [];
    const p = (s = '') => out.push(s);
    p(`\n== outage (${MODE}): PostgreSQL ${MODE === 'stop' ? 'stopped' : 'frozen (SIGSTOP)'} for ${OUTAGE_SECONDS} s under ${RATE} calls/s (open loop, 1 in 4 a write) ==`);
    p(`before: ${before.length} calls, ${before.filter((c) => !c.ok).length} failed; PostgreSQL ${MODE === 'stop' ? 'fast shutdown' : 'freeze'} took ${fmt(marks.stopped - marks.stop, 0)} ms, ${MODE === 'stop' ? 'start' : 'thaw'} ${fmt(marks.started - marks.start, 0)} ms`);
    p('');
    p(table(
      ['figure', 'value'],
      [
        ['time to detect: first failed call (after stop)', firstFail ? `${fmt(firstFail.end - marks.stop, 0)} ms` : 'never'],
        ['time to detect: /readyz 503 (after stop)', firstDown ? `${fmt(firstDown.end - marks.stop, 0)} ms` : 'never'],
        ['calls during the outage / failed', `${during.length} / ${failing.length}`],
        ...(MODE === 'freeze' ? [[`calls held until the thaw (limit: DB_POOL_SIZE ${POOL})`, String(held.length)]] : []),
        ['failing-call latency p50 / p99 / max', `${fmt(pct(fms, 50))} / ${fmt(pct(fms, 99))} / ${fmt(fms.length ? Math.max(...fms) : NaN)} ms`],
        [`failing calls slower than ${MAX_FAIL_MS} ms`, String(slowOnes.length + hungAtStop.length)],
        ['/readyz during the outage', `${probesDuring.length} probes, ${probesDuring.length - readyWrong.length} answered 503`],
        ['time to recover: first successful call (after start)', firstOk ? `${fmt(firstOk.end - marks.start, 0)} ms` : 'never'],
        ['time to recover: /readyz 200 (after start)', firstReady ? `${fmt(firstReady.end - marks.start, 0)} ms` : 'never'],
        ['failed calls after recovery', `${afterFailures.length} of ${lastOk.length}`],
        ['server process restarted', stillAlive ? 'no (same process)' : 'it died'],
      ],
    ));
    p('');
    p(`error kinds during the outage: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
    p('messages a client saw:');
    for (const m of messages.slice(0, 5)) p(`  "${m}"`);
    const downBody = probesDuring.find((x) => x.status === 503)?.body;
    if (downBody) p(`/readyz body while down: ${downBody.slice(0, 300)}`);

    const issues = [
      ...(firstFail ? [] : ['no call failed while the database was down']),
      ...(slowOnes.length + hungAtStop.length ? [`${slowOnes.length + hungAtStop.length} calls took longer than ${MAX_FAIL_MS} ms to fail`] : []),
      ...(MODE === 'stop' && held.length ? [`${held.length} calls were held until the database came back`] : []),
      ...(held.length > POOL ? [`${held.length} calls were held until the thaw, more than DB_POOL_SIZE (${POOL})`] : []),
      ...(leaks.length ? [`error messages leak internals: ${leaks.slice(0, 3).join(' | ')}`] : []),
      ...(failing.some((c) => c.status >= 500 || ['transport', 'client_timeout'].includes(c.kind)) ? ['some failing calls got no JSON-RPC error (HTTP 5xx, reset or timeout)'] : []),
      ...(firstDown ? [] : ['/readyz never said 503']),
      ...(readyWrong.length ? [`/readyz answered ${[...new Set(readyWrong.map((x) => x.status))].join(',')} during the outage`] : []),
      ...(firstOk ? [] : [`no successful call within ${RECOVER_WITHIN_MS} ms of the database's return`]),
      ...(firstReady ? [] : ['/readyz never said 200 again']),
      ...(afterFailures.length ? [`${afterFailures.length} calls failed after recovery: ${[...new Set(afterFailures.map((c) => c.kind))].join(', ')}`] : []),
      ...(stillAlive ? [] : ['the server process died']),
    ];
    if (issues.length) {
      p('');
      p(`problems (${issues.length}):`);
      for (const x of issues) p(`  ${x}`);
    }
    const ok = !issues.length;
    p('');
    p(ok ? 'OUTAGE OK' : 'OUTAGE FAILED');
    console.log(out.join('\n'));
    if (!stillAlive || !ok) console.error(server.tail.slice(-15).join('\n'));
    exitCode = ok ? 0 : 1;
  } finally {
    if (server) await stopServer(server, 'SIGKILL').catch(() => undefined);
    await cluster.remove();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(`[${TAG}] failed: ${err?.stack ?? err}`);
  process.exit(1);
});
