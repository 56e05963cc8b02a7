import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { routedWrites } from '../database/write-mode';
import { AuditService } from '../audit/audit.service';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { MetricsService } from '../ops/metrics/metrics.service';
import { AttemptResult, DELIVERY_TIMEOUT_MS, sign, WebhookSender } from './sender';
import { KeyEncryption } from '../crypto/key-encryption';
import { SECRET_PURPOSE } from './webhooks.service';

/** How many deliveries (each to a different endpoint) one claim takes. */
const BATCH = 32;
/** A claimed delivery is another server's to retry only after this (a crashed sender's lease runs out). */
const LEASE_SECONDS = Math.ceil(DELIVERY_TIMEOUT_MS / 1000) * 3;

interface Claimed {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  attempts: number;
  created_at: Date;
  url: string;
  secrets: string[];
  event_id: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  data: unknown;
  occurred_at: Date;
}

// Claims the head (oldest pending delivery) of each endpoint whose head is due and not leased, so an
// endpoint gets its events in order, one at a time. Two steps, so that no statement locks rows of
// several tenants (on Citus, of several shards): HEADS finds due heads of enabled endpoints over all
// tenants without locking; CLAIM_ONE then leases one of them by its (tenant_id, id) key, checking
// again under FOR UPDATE SKIP LOCKED, so N servers claim at once without taking the same row, and
// the lease keeps the others off it while it is being sent.
const HEADS = `
SELECT h.tenant_id, h.id FROM (
  SELECT DISTINCT ON (d.tenant_id, d.endpoint_id) d.tenant_id, d.endpoint_id, d.id, d.next_attempt_at, d.leased_until
    FROM webhook_deliveries d
   WHERE d.status = 'pending'
   ORDER BY d.tenant_id, d.endpoint_id, d.event_seq, d.created_at) h
  JOIN webhook_endpoints w ON w.tenant_id = h.tenant_id AND w.id = h.endpoint_id AND w.disabled_at IS NULL
 WHERE h.next_attempt_at <= now() AND (h.leased_until IS NULL OR h.leased_until < now())
 ORDER BY h.next_attempt_at
 LIMIT $1`;
const CLAIM_ONE = `
WITH claimed AS (
  SELECT d.id FROM webhook_deliveries d
    JOIN webhook_endpoints w ON w.tenant_id = $1 AND w.id = d.endpoint_id AND w.disabled_at IS NULL
   WHERE d.tenant_id = $1 AND d.id = $2 AND d.status = 'pending'
     AND d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now())
     -- still its endpoint's head: an earlier event may have committed since HEADS read
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                      WHERE p.tenant_id = $1 AND p.endpoint_id = d.endpoint_id AND p.status = 'pending'
                        AND (p.event_seq, p.created_at) < (d.event_seq, d.created_at))
     FOR UPDATE OF d SKIP LOCKED
), leased AS (
  UPDATE webhook_deliveries d SET leased_until = now() + make_interval(secs => $3), attempts = d.attempts + 1, updated_at = now()
    FROM claimed WHERE d.tenant_id = $1 AND d.id = claimed.id
  RETURNING d.id, d.tenant_id, d.endpoint_id, d.event_id, d.attempts, d.created_at
)
SELECT l.id, l.tenant_id, l.endpoint_id, l.attempts, l.created_at, w.url,
       ARRAY(SELECT s.secret FROM webhook_secrets s WHERE s.tenant_id = $1 AND s.endpoint_id = l.endpoint_id
              AND (s.expires_at IS NULL OR s.expires_at > now()) ORDER BY s.created_at DESC) AS secrets,
       e.id AS event_id, e.type, e.actor_kind, e.actor_id, e.data, e.occurred_at
  FROM leased l
  JOIN webhook_endpoints w ON w.tenant_id = $1 AND w.id = l.endpoint_id
  JOIN webhook_events e ON e.tenant_id = $1 AND e.id = l.event_id`;

// An attempt: its row, the delivery's new state, and a delivered one resets the endpoint's failure streak.
const RECORD = `
WITH att AS (
  INSERT INTO webhook_attempts (tenant_id, delivery_id, outcome, duration_ms, response_code, response_body, error)
  VALUES ($1, $2, $6, $7, $4, $8, $9)
), upd AS (
  UPDATE webhook_deliveries SET status = $3, leased_until = NULL, last_response_code = $4, updated_at = now(),
         delivered_at = now() + CASE WHEN $3 = 'delivered' THEN interval '0' END, -- (Citus refuses now() inside CASE)
         next_attempt_at = now() + make_interval(secs => $5)
   WHERE tenant_id = $1 AND id = $2
  RETURNING endpoint_id
)
UPDATE webhook_endpoints SET failed_streak = 0
 WHERE $3 = 'delivered' AND tenant_id = $1 AND id IN (SELECT endpoint_id FROM upd) AND failed_streak <> 0`;

// On Citus (src/database/write-mode.ts) RECORD's INSERT CTE is no router plan. Nor can its UPDATE CTE
// be kept: Citus prunes a router statement whose WHERE is false once the parameters are in (`$3 =
// 'delivered'` for a retry) to no shard at all, and then runs none of its CTEs either. There the
// attempt, the delivery's state and (when delivered) the endpoint's streak are three routed
// statements in one transaction.
const RECORD_ATTEMPT = `INSERT INTO webhook_attempts (tenant_id, delivery_id, outcome, duration_ms, response_code, response_body, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const RECORD_DELIVERY = RECORD.slice(RECORD.indexOf('UPDATE webhook_deliveries'), RECORD.indexOf('RETURNING endpoint_id'));
const RESET_STREAK = `UPDATE webhook_endpoints SET failed_streak = 0 WHERE tenant_id = $1 AND id = $2 AND failed_streak <> 0`;

/** The event as every endpoint receives it (the body). */
export function eventBody(c: Pick<Claimed, 'event_id' | 'type' | 'tenant_id' | 'occurred_at' | 'actor_kind' | 'actor_id' | 'data'>): string {
  return JSON.stringify({
    id: c.event_id,
    type: c.type,
    tenant_id: c.tenant_id,
    occurred_at: new Date(c.occurred_at).toISOString(),
    actor: c.actor_kind === 'user' ? { kind: 'user', user_id: c.actor_id } : { kind: c.actor_kind },
    data: c.data,
  });
}

/**
 * Sends pending webhook deliveries (issue 18). Runs in every server with SCHEDULER_ENABLED (not in
 * the admin CLI); its poll timer belongs to this provider, is unref'ed and stops on shutdown.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Webhooks');
  private readonly sender: WebhookSender;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;
  private readonly abort = new AbortController();
  private readonly outcomes: Counter<'outcome'>;
  private readonly delay: Histogram;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly audit: AuditService,
    metrics: MetricsService,
    private readonly encryption: KeyEncryption,
  ) {
    this.sender = new WebhookSender(config.webhooks.allowLoopback);
    const registers = [metrics.registry];
    this.outcomes = new Counter({
      name: 'zoop_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry, failed: out of retries)',
      labelNames: ['outcome'],
      registers,
    });
    this.delay = new Histogram({
      name: 'zoop_webhook_delivery_delay_seconds',
      help: 'From the event to its successful delivery',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600, 3600],
      registers,
    });
    const db = this.ds;
    new Gauge({
      name: 'zoop_webhook_oldest_undelivered_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none)',
      registers,
      async collect() {
        const [row] = await db.query(`SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age FROM webhook_deliveries WHERE status = 'pending'`);
        this.set(row.age);
      },
    });
  }

  onApplicationBootstrap() {
    if (!this.config.schedulerEnabled) return;
    this.timer = setInterval(() => this.kick(), this.config.webhooks.pollMs);
    this.timer.unref();
  }

  async onModuleDestroy() {
    this.stopping = true;
    clearInterval(this.timer);
    this.abort.abort();
    await this.running;
    this.sender.close();
  }

  /** Starts a round unless one is running. */
  kick(): Promise<void> {
    if (!this.running && !this.stopping)
      this.running = this.round()
        .catch((e) => this.log.error(`delivery round failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    return this.running ?? Promise.resolve();
  }

  /** Up to `room` due heads, each leased in a statement of its own tenant. */
  private async claim(room: number): Promise<Claimed[]> {
    const heads: { tenant_id: string; id: string }[] = await this.ds.query(HEADS, [room]);
    const claimed: Claimed[] = [];
    for (const h of heads) claimed.push(...((await this.ds.query(CLAIM_ONE, [h.tenant_id, h.id, LEASE_SECONDS])) as Claimed[]));
    return claimed;
  }

  /**
   * Claims and sends until nothing is due: an endpoint's next delivery is claimed as soon as its
   * previous one is settled, not a poll interval later (one send at a time per endpoint keeps the order).
   */
  private async round() {
    // up to BATCH sends at once, each to another endpoint; a slow endpoint holds only its own queue
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      const room = this.stopping ? 0 : BATCH - inFlight.size;
      const claimed: Claimed[] = room > 0 ? await this.claim(room) : [];
      for (const c of claimed) {
        const sending: Promise<void> = this.deliver(c)
          .catch((e) => this.log.error(`delivery ${c.id}: ${(e as Error).message}`))
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      if (!inFlight.size) return;
      // nothing more to claim now (or no room): wait for a send to settle, then claim again
      if (!claimed.length) await Promise.race(inFlight);
    }
  }

  private async deliver(c: Claimed) {
    const body = eventBody(c);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = c.secrets.map((s) => sign(this.encryption.open(SECRET_PURPOSE, c.endpoint_id, s), c.event_id, timestamp, body)).join(' ');
    const result = await this.sender.send(c.url, { 'webhook-id': c.event_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }, body, this.abort.signal);
    // a send cut short by shutdown is not an attempt: its lease runs out and another server (or this one, restarted) sends it
    if (this.stopping && result.outcome === 'network') return;
    await this.record(c, result);
  }

  /** The attempt and what follows: delivered; retried later with back-off and jitter; or failed (and maybe the endpoint disabled). */
  private async record(c: Claimed, r: AttemptResult) {
    const w = this.config.webhooks;
    const ok = r.outcome === 'ok';
    const expired = !ok && Date.now() - new Date(c.created_at).getTime() >= w.retryForSeconds * 1000;
    const backoff = Math.min(w.retryBaseMs * 2 ** Math.min(c.attempts - 1, 30), w.retryMaxMs) * (0.75 + Math.random() * 0.5);
    const status = ok ? 'delivered' : expired ? 'failed' : 'pending';
    const values = [c.tenant_id, c.id, status, r.responseCode, ok || expired ? 0 : backoff / 1000, r.outcome, r.durationMs, r.responseBody, r.error];
    // the usual outcomes (delivered, retry later) are one statement; a failed delivery also counts against its endpoint
    if (!expired && !routedWrites(this.ds.manager)) await this.ds.query(RECORD, values);
    else
      await this.ds.transaction(async (em) => {
        await this.recordIn(em, values);
        if (expired) await this.failed(em, c);
      });
    this.outcomes.inc({ outcome: ok ? 'delivered' : expired ? 'failed' : 'retry' });
    if (ok) this.delay.observe((Date.now() - new Date(c.occurred_at).getTime()) / 1000);
  }

  private async recordIn(em: EntityManager, values: unknown[]) {
    if (!routedWrites(em)) return em.query(RECORD, values);
    const [tenantId, id, , responseCode, , outcome, durationMs, responseBody, error] = values;
    await em.query(RECORD_ATTEMPT, [tenantId, id, outcome, durationMs, responseCode, responseBody, error]);
    const [updated]: [{ endpoint_id: string }[]] = await em.query(`${RECORD_DELIVERY} RETURNING endpoint_id`, values.slice(0, 5));
    if (values[2] === 'delivered' && updated.length) await em.query(RESET_STREAK, [tenantId, updated[0].endpoint_id]);
  }

  /** A delivery ran out of retries: count it; enough in a row disable the endpoint, with an audit row. */
  private async failed(em: EntityManager, c: Claimed) {
    const [[row]] = await em.query(`UPDATE webhook_endpoints SET failed_streak = failed_streak + 1 WHERE tenant_id = $1 AND id = $2 RETURNING failed_streak, disabled_at`, [
      c.tenant_id,
      c.endpoint_id,
    ]);
    if (!row || row.disabled_at || row.failed_streak < this.config.webhooks.disableAfterFailures) return;
    const reason = `${row.failed_streak} deliveries in a row failed after retrying for ${this.config.webhooks.retryForSeconds} s`;
    await em.query(`UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
      c.tenant_id,
      c.endpoint_id,
      reason,
    ]);
    await this.audit.recordSystem(em, c.tenant_id, 'webhooks.endpoint_disabled', c.endpoint_id, { reason, url: c.url });
    this.log.warn(`webhook endpoint ${c.endpoint_id} disabled: ${reason}`);
  }
}
