import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, IsNull, MoreThanOrEqual } from 'typeorm';
import { ToolContext } from '../common/context';
import { InvalidField } from '../common/errors';
import { AuditEvent } from './audit-event.entity';
import { preparedQuery } from '../database/prepared';
import { callEvents, hookedSql, outboxSql, routedOutbox, subscriberHints } from '../webhooks/outbox';
import { routedWrites } from '../database/write-mode';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /password|secret|token/i;
/** actor_id of rows the system writes on its own (actor_kind 'system'). */
export const SYSTEM_ACTOR = '00000000-0000-0000-0000-000000000000';

/** The fields a call set: its validated input without the id it targets, secrets masked. */
function changesOf(input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'id' || v === undefined) continue;
    out[k] = SECRET.test(k) ? '[redacted]' : v;
  }
  return out;
}

function targetOf(input: any, result: any): string | null {
  for (const v of [result?.id, input?.id]) if (typeof v === 'string' && UUID.test(v)) return v;
  return null;
}

/**
 * For a tool whose write is one INSERT … RETURNING statement: the call's audit row and events, for
 * that statement to write itself. `row`: the six values [tenant_id, actor_kind, actor_id, tool,
 * changes (json text), request_id] (the statement takes the target from the row it inserts);
 * `events(result)`: its webhook events as [types, datas] (outboxSql; `result` is the tool's result as
 * far as it is known before the statement, which completes it); all null/empty when the call owes no
 * audit row (then the statement's audit and outbox parts insert nothing). `done()` once a statement
 * wrote them (the statement may run twice: SubscriberHints).
 */
export function inlineAudit(ctx: ToolContext): { row: unknown[]; events: (result: unknown) => [string[], string[]]; done: () => void } {
  const a = ctx.audit;
  if (!a || a.written) return { row: [null, null, null, null, null, null], events: () => [[], []], done: () => undefined };
  return {
    row: auditValues(ctx, a.tool, a.input),
    events: (result) => callEvents(a.tool, result, changesOf(a.input), a.events),
    done: () => {
      a.written = true;
    },
  };
}

const auditValues = (ctx: ToolContext, tool: string, input: object) => [
  ctx.tenantId,
  ctx.actor.kind,
  ctx.actor.kind === 'user' ? ctx.actor.userId : ctx.actor.keyId,
  tool,
  JSON.stringify(changesOf(input)),
  ctx.requestId,
];

/**
 * The audit row's INSERT … SELECT, with the six values of auditValues/inlineAudit as parameters
 * $p…$p+5 and the target as the SQL expression `target`; `tail` adds FROM/WHERE (e.g. the row a
 * statement inserts). One column list for the gateway's insert and for single-statement tools.
 */
export const auditInsertSql = (p: number, target: string, tail = '') =>
  `INSERT INTO audit_events (tenant_id, actor_kind, actor_id, tool, target_id, changes, request_id)
  SELECT $${p}::uuid, $${p + 1}::text, $${p + 2}::uuid, $${p + 3}::text, ${target}, $${p + 4}::jsonb, $${p + 5}::text${tail}`;

/**
 * An audit row alone, the values of auditValues then the target (admin and system rows, which owe
 * no webhook event, and on Citus every row): INSERT … VALUES, a single-shard router plan on Citus,
 * where an INSERT … SELECT without FROM is pulled through the coordinator.
 */
const AUDIT_ROW_INSERT = `INSERT INTO audit_events (tenant_id, actor_kind, actor_id, tool, target_id, changes, request_id) VALUES ($1, $2, $3, $4, $7, $5, $6)`;
/** The audit row, and the call's webhook events in the same statement (transactional outbox); and whether the tenant has an enabled endpoint. */
const AUDIT_INSERT = `WITH aud AS (${auditInsertSql(1, '$7::uuid')}), ${outboxSql({ tenant: 1, actorKind: 2, actorId: 3, types: 8, datas: 9 })} SELECT ${hookedSql(1)} AS hooked`;
/** The audit row alone, for a tenant with no enabled endpoint (SubscriberHints): when it has one after all, nothing is written and hooked says so. */
const AUDIT_INSERT_QUIET = `WITH chk AS (SELECT ${hookedSql(1)} AS hooked), aud AS (${auditInsertSql(1, '$7::uuid', ' FROM chk WHERE NOT chk.hooked')}) SELECT hooked FROM chk`;

/** Who did an admin action outside the MCP endpoint: an owner on the settings page, or the operator's admin CLI. */
export type AdminActor = { kind: 'user'; userId: string } | { kind: 'operator' };

export interface AuditListItem {
  at: string;
  actor: string | null;
  tool: string;
  target_id: string | null;
  changes: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Called by the gateway inside a write tool's transaction (ctx.em), after the tool succeeded. */
  async record(ctx: ToolContext, tool: string, input: object, result: unknown): Promise<void> {
    if (ctx.audit?.written) return;
    const row = [...auditValues(ctx, tool, input), targetOf(input, result)];
    // on Citus: the audit row, then the outbox, each table's rows a routed statement of its own (src/database/write-mode.ts)
    if (routedWrites(ctx.em)) {
      await preparedQuery(ctx.em, 'audit.insert.row', AUDIT_ROW_INSERT, row);
      const [types, datas] = callEvents(tool, result, changesOf(input), ctx.audit?.events);
      return routedOutbox(ctx.em, ctx.tenantId, [row[1], row[2]] as [string, string | null], types, datas);
    }
    // a prepared statement: every write call pays for this insert; without the outbox when the tenant has no endpoint
    type Hooked = { hooked: boolean };
    await subscriberHints.write(
      ctx.tenantId,
      async () => (await preparedQuery<Hooked>(ctx.em, 'audit.insert.quiet', AUDIT_INSERT_QUIET, row))[0],
      async () => (await preparedQuery<Hooked>(ctx.em, 'audit.insert', AUDIT_INSERT, [...row, ...callEvents(tool, result, changesOf(input), ctx.audit?.events)]))[0],
    );
  }

  /** An audit row for what the system did on its own (e.g. disabling a failing webhook endpoint), in `em`'s transaction. */
  async recordSystem(em: EntityManager, tenantId: string, action: string, targetId: string, changes: Record<string, unknown>): Promise<void> {
    await em.query(AUDIT_ROW_INSERT, [tenantId, 'system', SYSTEM_ACTOR, action, JSON.stringify(changes), 'system', targetId]);
  }

  /**
   * The audit row of an admin action (an API key issued or revoked, an OAuth grant revoked), from
   * the settings page or the admin CLI alike: same table, same columns as a tool call's row.
   */
  async recordAdmin(em: EntityManager, a: { tenantId: string; actor: AdminActor; tool: string; targetId: string; changes: object; requestId: string }): Promise<void> {
    const actorId = a.actor.kind === 'user' ? a.actor.userId : null;
    await em.query(AUDIT_ROW_INSERT, [a.tenantId, a.actor.kind, actorId, a.tool, JSON.stringify(changesOf(a.changes)), a.requestId, a.targetId]);
  }

  /** Newest first (admin CLI `audit:list`). */
  async list(tenantId: string, opts: { since?: string; limit?: number } = {}): Promise<AuditListItem[]> {
    const rows = await this.events(tenantId, opts);
    return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actorId, tool: r.tool, target_id: r.targetId, changes: r.changes }));
  }

  /**
   * Newest first, optionally only one tool's and/or one actor's rows (the settings page's filter);
   * actor is a user or tenant key id, or 'operator'.
   */
  async events(tenantId: string, opts: { since?: string; limit?: number; tool?: string; actor?: string } = {}): Promise<AuditEvent[]> {
    if (!UUID.test(tenantId)) throw InvalidField('tenant', 'must be a tenant id (UUID)');
    if (opts.tool !== undefined && (opts.tool.length > 100 || !/^[a-z0-9_.]+$/.test(opts.tool))) throw InvalidField('tool', 'must be a tool name such as customers.create');
    if (opts.actor !== undefined && opts.actor !== 'operator' && !UUID.test(opts.actor)) throw InvalidField('actor', "must be a user or key id, or 'operator'");
    let since: Date | undefined;
    if (opts.since !== undefined) {
      since = new Date(opts.since);
      if (!/^\d{4}-\d{2}-\d{2}/.test(opts.since) || Number.isNaN(since.getTime())) throw InvalidField('since', 'must be an ISO 8601 date or time');
    }
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw InvalidField('limit', 'must be a whole number from 1 to 10000');
    const where: FindOptionsWhere<AuditEvent> = { tenantId, ...(since ? { at: MoreThanOrEqual(since) } : {}) };
    if (opts.tool !== undefined) where.tool = opts.tool;
    if (opts.actor === 'operator') Object.assign(where, { actorKind: 'operator', actorId: IsNull() });
    else if (opts.actor !== undefined) where.actorId = opts.actor;
    return this.ds.getRepository(AuditEvent).find({ where, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }
}
