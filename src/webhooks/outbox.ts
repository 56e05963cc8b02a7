import type { EntityManager } from 'typeorm';
import type { Actor, ToolContext } from '../common/context';
import { preparedQuery } from '../database/prepared';
import { insertValues, routedWrites } from '../database/write-mode';

// The transactional outbox (issue 18): a write's events are inserted by the same statement as its
// audit row (see auditInsertSql), so a call that rolls back leaves no event and a committed call
// never loses one. An event is stored only when an enabled endpoint of the tenant subscribes to its
// type, with one pending delivery per such endpoint; the delivery worker (delivery.worker.ts) sends them.

/** `jobs.update` → `jobs.updated`, as the issue lists them. */
const PAST: Record<string, string> = {
  create: 'created',
  update: 'updated',
  archive: 'archived',
  cancel: 'cancelled',
  void: 'voided',
  delete: 'deleted',
  end: 'ended',
};

export function eventTypeOf(tool: string): string | null {
  const dot = tool.lastIndexOf('.');
  const past = PAST[tool.slice(dot + 1)];
  return past ? `${tool.slice(0, dot)}.${past}` : null;
}

/** An event beyond the call's own `<entity>.<past verb>` (e.g. jobs.status_changed), noted by a service. */
export interface ExtraEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Notes `jobs.status_changed` for the current write call (no-op outside one, or when the status
 * did not change). The object is filled in with the call's result when it has the same id.
 */
export function noteStatusChange(ctx: ToolContext, object: { id: string } | Record<string, unknown>, from: string, to: string): void {
  if (from === to || !ctx.audit) return;
  (ctx.audit.events ??= []).push({ type: 'jobs.status_changed', data: { object, from, to } });
}

/** Every event type a subscriber can name (`all` stands for every one). */
export function knownEventType(type: string): boolean {
  return type === 'jobs.status_changed' || /^[a-z_]+\.(created|updated|archived|cancelled|voided|deleted|ended)$/.test(type);
}

export interface OutboxParams {
  tenant: number;
  actorKind: number;
  actorId: number;
  types: number;
  datas: number;
}

/** SQL condition on `webhook_endpoints w`: an enabled endpoint of the tenant (parameter $p); hookedSql, the outbox and SUBSCRIBERS share it. */
const enabledEndpointOf = (p: number) => `w.tenant_id = $${p}::uuid AND w.disabled_at IS NULL`;

/**
 * Locks the tenant's enabled endpoints (in id order, so two writers never wait on each other in a
 * circle) until the transaction ends, before its events take their `seq`: two writes of one tenant
 * that owe events take them one after the other, so `seq` order is commit order and an endpoint never
 * sees an event become visible after a later one was claimed (the delivery order of "Webhooks" in
 * README). One row: the FROM item of wh_ev, evaluated before any event row is formed.
 */
const LOCK_ENDPOINTS = (p: number) => `SELECT count(*) FROM (SELECT FROM webhook_endpoints w WHERE ${enabledEndpointOf(p)} ORDER BY w.id FOR NO KEY UPDATE OF w) l`;

/**
 * Two CTEs (wh_ev, wh_dl) that insert the events given as parallel arrays (types text[], datas: JSON
 * text[]) and a pending delivery per subscribed endpoint. `dataExpr` computes an event's data from
 * `t.data` (the JSON text; `t.data::jsonb` by default) and the FROM items of `from` (e.g. the row the
 * statement inserts). Only an event an enabled endpoint subscribes to is parsed and stored: the data
 * stays text until then, and with no subscriber the statement locks the tenant's endpoints
 * (LOCK_ENDPOINTS) and reads them once per event, and nothing more.
 */
export function outboxSql(p: OutboxParams, dataExpr = 't.data::jsonb', from = ''): string {
  const subscribed = (type: string) => `${enabledEndpointOf(p.tenant)} AND (${type} = ANY (w.events) OR 'all' = ANY (w.events))`;
  return `wh_ev AS (
  INSERT INTO webhook_events (tenant_id, type, actor_kind, actor_id, data)
  SELECT $${p.tenant}::uuid, t.type, $${p.actorKind}::text, $${p.actorId}::uuid, ${dataExpr}
    FROM ${from}unnest($${p.types}::text[], $${p.datas}::text[]) WITH ORDINALITY AS t(type, data, n), (${LOCK_ENDPOINTS(p.tenant)}) lk
   WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE ${subscribed('t.type')})
   ORDER BY t.n
  RETURNING id, seq, type
), wh_dl AS (
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_seq)
  SELECT $${p.tenant}::uuid, w.id, e.id, e.seq FROM wh_ev e CROSS JOIN LATERAL (SELECT w.id FROM webhook_endpoints w WHERE ${subscribed('e.type')}) w
   ORDER BY e.seq
)`;
}

/** SQL: the tenant (parameter $p) has an enabled webhook endpoint; only then can a write owe an event. */
export const hookedSql = (p: number) => `EXISTS (SELECT 1 FROM webhook_endpoints w WHERE ${enabledEndpointOf(p)})`;

/**
 * Which tenants this process last saw with an enabled webhook endpoint. A write statement with the
 * outbox CTEs opens and locks both outbox tables and their indexes even when it stores nothing (about
 * a tenth of jobs.create's PostgreSQL CPU), and most tenants have no endpoint. So a write of a tenant
 * not in this set runs its statement without the outbox, guarded in that same statement by
 * hookedSql: if the tenant has an endpoint after all (made by another process, or since), the
 * statement writes nothing and says so, and the caller runs it again with the outbox, and remembers.
 * The set is only a hint: the check is always in the writing statement's own snapshot, as the
 * outbox's own subscription check is, so no event is ever left out. Statements with the outbox report
 * the same flag, so a tenant whose endpoints are all gone drops out. At most MAX tenants are kept
 * (the oldest go first: they only pay the second statement again).
 */
export class SubscriberHints {
  private readonly hooked = new Set<string>();
  constructor(private readonly max = 10_000) {}

  /**
   * A write by this rule: `quiet` (the statement without the outbox, guarded by hookedSql) unless the
   * tenant is known to have an endpoint; `full` (with the outbox) when it is, or when `quiet` found one
   * and so wrote nothing. Both answer `hooked`, which is remembered.
   */
  async write<R extends { hooked: boolean }>(tenantId: string, quiet: () => Promise<R>, full: () => Promise<R>): Promise<R> {
    if (!this.hooked.has(tenantId)) {
      const r = await quiet();
      if (!r.hooked) return r;
    }
    const r = await full();
    this.learn(tenantId, r.hooked);
    return r;
  }

  private learn(tenantId: string, hooked: boolean): void {
    if (!hooked) {
      this.hooked.delete(tenantId);
      return;
    }
    if (this.hooked.has(tenantId)) return;
    if (this.hooked.size >= this.max) this.hooked.delete(this.hooked.values().next().value!);
    this.hooked.add(tenantId);
  }
}
export const subscriberHints = new SubscriberHints();

/** The actor as an event stores it: kind and id (a user's id, a tenant key's id, or null for the system). */
export function actorValues(actor: Actor | 'system'): [string, string | null] {
  if (actor === 'system') return ['system', null];
  return actor.kind === 'user' ? ['user', actor.userId] : ['tenant_key', actor.keyId];
}

/**
 * The events of a write call with the tool's result: its own `<entity>.<past verb>` event and any
 * the service noted, as the [types, datas (json text)] arrays outboxSql takes. The audit's
 * `changes` (what the caller set) go with update events.
 */
export function callEvents(tool: string, result: unknown, changes: Record<string, unknown>, extra: ExtraEvent[] = []): [string[], string[]] {
  const types: string[] = [];
  const datas: string[] = [];
  const own = eventTypeOf(tool);
  if (own) {
    types.push(own);
    datas.push(JSON.stringify({ object: result ?? null, ...(own.endsWith('.updated') ? { changes } : {}) }));
  }
  const resultId = (result as { id?: unknown } | null)?.id;
  for (const e of extra) {
    const obj = e.data.object as { id?: unknown } | undefined;
    // the service noted the change before the result existed: send the tool's result as the object
    const data = obj && resultId !== undefined && obj.id === resultId ? { ...e.data, object: result } : e.data;
    types.push(e.type);
    datas.push(JSON.stringify(data));
  }
  return [types, datas];
}

const EVENTS_INSERT = `WITH ${outboxSql({ tenant: 1, actorKind: 2, actorId: 3, types: 4, datas: 5 })} SELECT 1`;

/** Events of work outside a write call (e.g. the scheduler's instances), in `em`'s transaction. */
export async function insertEvents(em: EntityManager, tenantId: string, actor: Actor | 'system', events: ExtraEvent[]): Promise<void> {
  if (!events.length) return;
  const types = events.map((e) => e.type);
  const datas = events.map((e) => JSON.stringify(e.data));
  if (routedWrites(em)) return routedOutbox(em, tenantId, actorValues(actor), types, datas);
  await em.query(EVENTS_INSERT, [tenantId, ...actorValues(actor), types, datas]);
}

// On Citus (src/database/write-mode.ts) the outbox is three statements, each routed to the tenant's
// shard: the tenant's enabled endpoints (FOR NO KEY UPDATE, as LOCK_ENDPOINTS: none is deleted before
// its deliveries are in, and the tenant's writes that owe events take their seq in commit order), then
// only if one subscribes, the events and their deliveries as INSERT … VALUES. The same rows as
// outboxSql's: an event is stored when an enabled endpoint subscribes to its type (or to all), with
// one pending delivery per such endpoint, in seq order.
const SUBSCRIBERS = `SELECT w.id, w.events FROM webhook_endpoints w WHERE ${enabledEndpointOf(1)} ORDER BY w.id FOR NO KEY UPDATE OF w`;

/** The outbox rows of events given as [types, datas (json text)], as outboxSql writes them, one routed statement per table. */
export async function routedOutbox(em: EntityManager, tenantId: string, [actorKind, actorId]: [string, string | null], types: string[], datas: string[]): Promise<void> {
  if (!types.length) return;
  const endpoints = await preparedQuery<{ id: string; events: string[] }>(em, 'webhooks.subscribers', SUBSCRIBERS, [tenantId]);
  const wants = (w: { events: string[] }, type: string) => w.events.includes(type) || w.events.includes('all');
  const rows = types.map((type, i) => [tenantId, type, actorKind, actorId, datas[i]]).filter(([, type]) => endpoints.some((w) => wants(w, type as string)));
  if (!rows.length) return;
  const events = await insertValues<{ id: string; seq: string; type: string }>(
    em,
    'webhooks.events',
    'webhook_events',
    ['tenant_id', 'type', 'actor_kind', 'actor_id', 'data'],
    rows,
    {
      returning: 'id, seq, type',
    },
  );
  events.sort((x, y) => (BigInt(x.seq) < BigInt(y.seq) ? -1 : 1));
  const deliveries = events.flatMap((e) => endpoints.filter((w) => wants(w, e.type)).map((w) => [tenantId, w.id, e.id, e.seq]));
  await insertValues(em, 'webhooks.deliveries', 'webhook_deliveries', ['tenant_id', 'endpoint_id', 'event_id', 'event_seq'], deliveries);
}
