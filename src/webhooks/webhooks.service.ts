import { deleteEachTenant } from '../database/write-mode';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { KeyEncryption } from '../crypto/key-encryption';
import { InvalidField, NotFound } from '../common/errors';
import { refusedUrl } from './address-guard';
import { knownEventType } from './outbox';
import { newSecret } from './sender';
import { TenancyService } from '../tenancy/tenancy.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** After a rotation the old secret keeps signing (beside the new one) this long. */
export const ROTATION_OVERLAP_HOURS = 24;

/** Secrets are kept sealed (KeyEncryption), bound to their endpoint: deliveries must sign with them, so not a one-way hash. */
export const SECRET_PURPOSE = 'webhook secrets v1' as const;

export interface EndpointView {
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  description: string | null;
  disabled: boolean;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

const ENDPOINT_COLUMNS = `id, tenant_id, url, events, description, disabled_at, disabled_reason, created_at, updated_at`;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const endpointView = (r: any): EndpointView => ({
  id: r.id,
  tenant_id: r.tenant_id,
  url: r.url,
  events: r.events,
  description: r.description,
  disabled: r.disabled_at !== null,
  disabled_at: iso(r.disabled_at),
  disabled_reason: r.disabled_reason,
  created_at: iso(r.created_at)!,
  updated_at: iso(r.updated_at)!,
});

/**
 * Scopes a call to one tenant (the settings page passes the owner's tenant): another tenant's
 * endpoint or delivery is then not found. The admin CLI passes none (the operator sees every tenant).
 */
export interface TenantScope {
  tenantId?: string;
}

/** `AND <col> = $n` when the call is scoped to a tenant (the value is pushed onto `values`). */
function tenantClause(scope: TenantScope | undefined, values: unknown[], col = 'tenant_id'): string {
  if (scope?.tenantId === undefined) return '';
  return ` AND ${col} = $${values.push(id(scope.tenantId, 'tenant'))}`;
}

function id(value: string, field: string): string {
  if (!UUID.test(value)) throw InvalidField(field, 'must be an id (UUID)');
  return value.toLowerCase();
}

/** Webhook endpoints, their secrets and deliveries (the admin CLI's webhook:* commands). */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly encryption: KeyEncryption,
    private readonly tenancy: TenancyService,
  ) {}

  private checkUrl(url: string): string {
    const why = refusedUrl(url.trim(), this.config.webhooks.allowLoopback);
    if (why) throw InvalidField('url', why);
    return url.trim();
  }

  /** `all`, or a comma-separated list of event types. */
  parseEvents(list: string): string[] {
    const events = [
      ...new Set(
        list
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean),
      ),
    ];
    if (!events.length) throw InvalidField('events', 'name at least one event type, or "all"');
    if (events.includes('all')) return ['all'];
    const bad = events.find((e) => !knownEventType(e));
    if (bad) throw InvalidField('events', `unknown event type ${bad} (types look like jobs.created, jobs.status_changed, invoices.voided; or "all")`);
    if (events.length > 100) throw InvalidField('events', 'at most 100 event types');
    return events;
  }

  private description(d: string | undefined): string | null {
    if (d === undefined) return null;
    if (d.length > 500) throw InvalidField('description', 'must be at most 500 characters');
    return d;
  }

  async create(input: { tenantId: string; url: string; events: string; description?: string }): Promise<{ id: string; secret: string }> {
    const tenantId = id(input.tenantId, 'tenant');
    const url = this.checkUrl(input.url);
    const events = this.parseEvents(input.events);
    const secret = newSecret();
    await this.tenancy.getTenant(tenantId); // not_found for an unknown tenant (the foreign key settles a race)
    return this.ds.transaction(async (em) => {
      const [row] = await em.query(`INSERT INTO webhook_endpoints (tenant_id, url, events, description) VALUES ($1, $2, $3, $4) RETURNING id`, [
        tenantId,
        url,
        events,
        this.description(input.description),
      ]);
      await em.query(`INSERT INTO webhook_secrets (tenant_id, endpoint_id, secret) VALUES ($1, $2, $3)`, [tenantId, row.id, this.encryption.seal(SECRET_PURPOSE, row.id, secret)]);
      return { id: row.id, secret };
    });
  }

  async list(tenantId: string): Promise<EndpointView[]> {
    const rows = await this.ds.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY created_at, id`, [id(tenantId, 'tenant')]);
    return rows.map(endpointView);
  }

  async update(endpointId: string, input: { url?: string; events?: string; disabled?: boolean; description?: string }, scope?: TenantScope): Promise<EndpointView> {
    const sets: string[] = [];
    const values: unknown[] = [id(endpointId, 'id')];
    const set = (col: string, v: unknown) => sets.push(`${col} = $${values.push(v)}`);
    if (input.url !== undefined) set('url', this.checkUrl(input.url));
    if (input.events !== undefined) set('events', this.parseEvents(input.events));
    if (input.description !== undefined) set('description', this.description(input.description));
    // (the time as a parameter: Citus refuses now() inside COALESCE)
    if (input.disabled === true)
      sets.push(`disabled_at = COALESCE(disabled_at, $${values.push(new Date())}::timestamptz), disabled_reason = COALESCE(disabled_reason, 'disabled by an operator')`);
    // enabling again starts a new streak; pending deliveries resume in order
    if (input.disabled === false) sets.push(`disabled_at = NULL, disabled_reason = NULL, failed_streak = 0`);
    const setList = [...sets, 'updated_at = now()'].join(', ');
    const [rows] = await this.ds.query(`UPDATE webhook_endpoints SET ${setList} WHERE id = $1${tenantClause(scope, values)} RETURNING ${ENDPOINT_COLUMNS}`, values);
    if (!rows.length) throw NotFound('webhook endpoint', endpointId);
    return endpointView(rows[0]);
  }

  /** A new secret; the current ones keep signing for ROTATION_OVERLAP_HOURS (then they are dropped). */
  async rotateSecret(endpointId: string, scope?: TenantScope): Promise<{ id: string; secret: string; previous_secret_expires_at: string }> {
    const eid = id(endpointId, 'id');
    const secret = newSecret();
    return this.ds.transaction(async (em) => {
      const values: unknown[] = [eid];
      // found first (the admin CLI names it by id alone: on Citus, every shard), then locked on its own shard
      const [found] = await em.query(`SELECT tenant_id FROM webhook_endpoints WHERE id = $1${tenantClause(scope, values)}`, values);
      const [ep] = found ? await em.query(`SELECT tenant_id FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [found.tenant_id, eid]) : [];
      if (!ep) throw NotFound('webhook endpoint', endpointId);
      const [{ until }] = await em.query(`SELECT now() + make_interval(hours => $1) AS until`, [ROTATION_OVERLAP_HOURS]);
      await em.query(`DELETE FROM webhook_secrets WHERE tenant_id = $1 AND endpoint_id = $2 AND expires_at <= now()`, [ep.tenant_id, eid]);
      await em.query(`UPDATE webhook_secrets SET expires_at = LEAST(COALESCE(expires_at, $3), $3) WHERE tenant_id = $1 AND endpoint_id = $2`, [ep.tenant_id, eid, until]);
      await em.query(`INSERT INTO webhook_secrets (tenant_id, endpoint_id, secret) VALUES ($1, $2, $3)`, [ep.tenant_id, eid, this.encryption.seal(SECRET_PURPOSE, eid, secret)]);
      return { id: eid, secret, previous_secret_expires_at: new Date(until).toISOString() };
    });
  }

  async delete(endpointId: string, scope?: TenantScope): Promise<{ id: string; deleted: true }> {
    const values: unknown[] = [id(endpointId, 'id')];
    const [rows] = await this.ds.query(`DELETE FROM webhook_endpoints WHERE id = $1${tenantClause(scope, values)} RETURNING id`, values);
    if (!rows.length) throw NotFound('webhook endpoint', endpointId);
    return { id: rows[0].id, deleted: true };
  }

  /** An endpoint's deliveries, newest first, each with its last attempt. */
  async deliveries(endpointId: string, limit = 50, scope?: TenantScope) {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw InvalidField('limit', 'must be a whole number from 1 to 1000');
    const eid = id(endpointId, 'id');
    const values: unknown[] = [eid];
    const [ep] = await this.ds.query(`SELECT tenant_id FROM webhook_endpoints WHERE id = $1${tenantClause(scope, values)}`, values);
    if (!ep) throw NotFound('webhook endpoint', endpointId);
    const rows = await this.ds.query(
      `SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at, d.last_response_code,
              a.outcome AS last_outcome, a.duration_ms AS last_duration_ms, a.response_body AS last_response_body, a.error AS last_error, a.at AS last_attempt_at
         FROM webhook_deliveries d
         JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
         LEFT JOIN LATERAL (SELECT * FROM webhook_attempts a WHERE a.tenant_id = d.tenant_id AND a.delivery_id = d.id ORDER BY a.at DESC LIMIT 1) a ON true
        WHERE d.tenant_id = $1 AND d.endpoint_id = $2
        ORDER BY d.created_at DESC, d.event_seq DESC LIMIT $3`,
      [ep.tenant_id, eid, limit],
    );
    return rows.map((r: any) => ({
      id: r.id,
      event_id: r.event_id,
      type: r.type,
      status: r.status,
      attempts: r.attempts,
      next_attempt_at: r.status === 'pending' ? iso(r.next_attempt_at) : null,
      delivered_at: iso(r.delivered_at),
      created_at: iso(r.created_at),
      last_attempt: r.last_attempt_at
        ? {
            at: iso(r.last_attempt_at),
            outcome: r.last_outcome,
            duration_ms: r.last_duration_ms,
            response_code: r.last_response_code,
            response_body: r.last_response_body,
            error: r.last_error,
          }
        : null,
    }));
  }

  /** Sends a delivery's event to its endpoint again: a new pending delivery, same event (same webhook-id). */
  async redeliver(deliveryId: string, scope?: TenantScope) {
    const values: unknown[] = [id(deliveryId, 'delivery')];
    const [row] = await this.ds.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_seq)
       SELECT tenant_id, endpoint_id, event_id, event_seq FROM webhook_deliveries WHERE id = $1${tenantClause(scope, values)}
       RETURNING id, event_id, endpoint_id, status, created_at`,
      values,
    );
    if (!row) throw NotFound('webhook delivery', deliveryId);
    return { id: row.id, event_id: row.event_id, endpoint_id: row.endpoint_id, status: row.status, created_at: iso(row.created_at) };
  }

  /** Attempts older than 7 days go, and so do finished deliveries and events nothing refers to any more. */
  async purge(em: EntityManager = this.ds.manager): Promise<{ attempts: number; deliveries: number; events: number }> {
    // per tenant on Citus, so the purge is no transaction across shards (deleteEachTenant)
    const attempts = await deleteEachTenant(em, 'webhook_attempts', 'a', `a.at < now() - interval '7 days'`);
    const deliveries = await deleteEachTenant(em, 'webhook_deliveries', 'd', `d.status <> 'pending' AND d.updated_at < now() - interval '7 days'`);
    const events = await deleteEachTenant(
      em,
      'webhook_events',
      'e',
      `e.occurred_at < now() - interval '7 days' AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = e.tenant_id AND d.event_id = e.id)`,
    );
    return { attempts, deliveries, events };
  }
}
