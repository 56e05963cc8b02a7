import type { EntityManager } from 'typeorm';

// Who is calling, passed explicitly as the first argument of every service method (style.md §3).
export type Actor = { kind: 'user'; userId: string } | { kind: 'tenant_key'; keyId: string };

export interface ToolContext {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly scopes: ReadonlySet<string>;
  readonly requestId: string;
  /**
   * The one EntityManager of this call. For a write tool the gateway opens a transaction around
   * the whole call and this is its manager, so everything a tool writes (and, later, its audit row
   * and idempotency record) commits or rolls back together. Services never open their own
   * transaction: they use this manager, and pass it on.
   */
  readonly em: EntityManager;
  /**
   * Write tools: the audit row this call owes. The gateway inserts it after the tool, in the same
   * transaction, unless the tool has already written it inside its own single write statement
   * (see inlineAudit in src/audit/audit.service.ts, used by jobs.create to save a round trip).
   */
  readonly audit?: PendingAudit;
}

export interface PendingAudit {
  readonly tool: string;
  readonly input: object;
  written: boolean;
  /** webhook events beyond the call's own (e.g. jobs.status_changed), noted by services (webhooks/outbox.ts) */
  events?: { type: string; data: Record<string, unknown> }[];
}

/** The acting user's id, or null for a tenant key (un-attributed writes). */
export const actorUserId = (ctx: ToolContext): string | null => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);
