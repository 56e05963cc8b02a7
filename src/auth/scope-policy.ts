import type { Actor, ToolContext } from '../common/context';
import { InsufficientScope, InvalidInput } from '../common/errors';
import type { ToolMeta } from '../mcp/mcp-tool.decorator';

// The one scope and actor policy. The guards (ScopesGuard, UserActorGuard) enforce it on every
// tools/call, tools/list filters with it, and services whose check depends on the data (a result
// showing another entity's records, a write that changes another entity) call requireScope.
// Nothing else in the code decides on scopes or actors.

/** A credential issued with `--scopes all`: every scope there is, those of entities added later too. */
export const ALL = 'all';

/** A scope set that holds every scope: for the server's own scheduled work (plan billing), never a credential. */
export const SYSTEM_SCOPES: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

/** The tool's own scope is held (tools/list shows the tool, ScopesGuard lets the call through). */
export const allowsTool = (scopes: ReadonlySet<string>, meta: Pick<ToolMeta, 'scope'>): boolean => scopes.has(meta.scope);

/** ScopesGuard: the tool's own scope, or 403 insufficient_scope naming it. */
export function requireToolScope(scopes: ReadonlySet<string>, meta: Pick<ToolMeta, 'scope' | 'name'>): void {
  if (!allowsTool(scopes, meta)) throw InsufficientScope(meta.scope, meta.name);
}

/** UserActorGuard: a tool that needs a user actor refuses a tenant key with invalid_input. */
export function requireUserActor(actor: Actor, toolName: string): void {
  if (actor.kind === 'user') return;
  throw InvalidInput(
    [{ path: '', message: 'this tool needs a user actor' }],
    `${toolName} needs a user actor: use a user key (zoop_uk_) or an OAuth token, not a tenant key (zoop_tk_).`,
  );
}

/**
 * A call that reads or changes records of another entity than its tool's needs that entity's
 * scope too (README, "Scopes"): without it, 403 insufficient_scope naming the scope, before
 * anything is read or written. `why` completes "… needs the <scope> scope".
 */
export function requireScope(ctx: Pick<ToolContext, 'scopes'>, scope: string, why: string): void {
  if (!ctx.scopes.has(scope)) throw InsufficientScope(scope, why);
}

/** requireScope with a choice: any one of `scopes` will do; the error names the first. */
export function requireAnyScope(ctx: Pick<ToolContext, 'scopes'>, scopes: string[], why: string): void {
  if (!scopes.some((s) => ctx.scopes.has(s))) throw InsufficientScope(scopes[0], why);
}
