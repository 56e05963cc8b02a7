// Who is calling, passed explicitly as the first argument of every service method (style.md §3).
export type Actor = { kind: 'user'; userId: string } | { kind: 'tenant_key'; keyId: string };

export interface ToolContext {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly scopes: ReadonlySet<string>;
  readonly requestId: string;
}

/** The acting user's id, or null for a tenant key (un-attributed writes). */
export const actorUserId = (ctx: ToolContext): string | null => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);
