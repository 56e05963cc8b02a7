// The soak's webhook half: one loopback receiver subscribed to every event of every soak tenant.
// Each delivery is verified with the official `standardwebhooks` package; afterwards every event
// the outbox holds is matched with what arrived: lost, duplicated, badly signed, and the delay from
// the event (its transaction) to its arrival.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { fmt, pct, ROOT, sleep, sql } from './lib.mjs';

// the admin CLI without blocking this process: its event loop also runs the receiver and the
// agents' HTTP connections (a blocked loop misses servers closing idle keep-alive sockets)
const cli = async (dbUrl, args) => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'error' },
  });
  return JSON.parse(stdout);
};

export async function startReceiver() {
  // the receiver is on loopback: the admin CLI (webhook:create) and the servers must allow it
  process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
  const secrets = new Map(); // path -> secret
  const arrivals = new Map(); // webhook-id -> [ms epoch]
  const delays = [];
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = new Webhook(secrets.get(req.url)).verify(body, req.headers);
        const id = req.headers['webhook-id'];
        if (!arrivals.has(id)) {
          arrivals.set(id, []);
          delays.push(now - Date.parse(event.occurred_at));
        }
        arrivals.get(id).push(now);
      } catch {
        badSignatures++;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    /** Subscribes a tenant to every event (an endpoint of its own on this receiver). */
    async subscribe(dbUrl, tenantId) {
      const path = `/t/${tenantId}`;
      const ep = await cli(dbUrl, ['webhook:create', '--tenant', tenantId, '--url', `${base}${path}`, '--events', 'all']);
      secrets.set(path, ep.secret);
    },
    /** Waits (up to `ms`) until the outbox has nothing pending; returns how long that took. */
    async drain(dbUrl, ms = 60_000) {
      const t0 = performance.now();
      while (performance.now() - t0 < ms) {
        const [{ n }] = await sql(dbUrl, `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'`);
        if (n === 0) break;
        await sleep(100);
      }
      return (performance.now() - t0) / 1000;
    },
    /** Matches the outbox with the arrivals. */
    async report(dbUrl, wall, p) {
      const events = await sql(dbUrl, `SELECT e.id FROM webhook_events e`);
      const lost = events.filter((e) => !arrivals.has(e.id)).length;
      const duplicated = [...arrivals.values()].reduce((s, a) => s + a.length - 1, 0);
      const [{ retried }] = await sql(dbUrl, `SELECT count(*)::int AS retried FROM webhook_deliveries WHERE attempts > 1`);
      p(`webhooks: ${events.length} events, ${arrivals.size} delivered (${fmt(arrivals.size / wall)} events/s over the run), delay from the event's transaction to its arrival p50 ${fmt(pct(delays, 50), 0)} ms, p99 ${fmt(pct(delays, 99), 0)} ms`);
      p(`webhooks: lost ${lost}, duplicated ${duplicated} (deliveries retried: ${retried}), bad signatures ${badSignatures}`);
      return { ok: lost === 0 && duplicated <= retried && badSignatures === 0, lost, duplicated, badSignatures };
    },
    close: () => new Promise((r) => server.close(r)),
  };
}
