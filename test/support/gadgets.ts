import { CallHandler, CanActivate, ExecutionContext, Injectable, Module, NestInterceptor, UseGuards, UseInterceptors } from '@nestjs/common';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { map, Observable } from 'rxjs';
import type { ToolContext } from '../../src/common/context';
import { mcpArgumentsOf, mcpCallOf } from '../../src/mcp/mcp-context';
import { McpTool } from '../../src/mcp/mcp-tool.decorator';
import { Doc, Optional } from '../../src/common/validation';
import { RequiresUser } from '../../src/auth/requires-user.decorator';

// Test-only entity modules, added to one test app (startApp(env, [GadgetsModule])), never to the
// server: an entity "added later" (its scopes, toolset and `all` keys), a tool with a guard and an
// interceptor of its own, and a tool whose scope is misnamed (start-up must fail).

/** What the test-only guard and interceptor saw, for the test to check. */
export const seen = { guard: [] as { type: string; tenantId: string; args: unknown }[], interceptor: [] as string[] };

export class GadgetListInput {
  @Doc('how many') @Optional() @IsInt() @Min(1) limit?: number;
}

export class GadgetGetInput {
  @Doc('a label') @IsString() @Length(1, 20) label!: string;
}

/** Refuses a call whose (raw) label is "locked"; records what it saw (context type, caller). */
@Injectable()
export class GadgetLockGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const call = mcpCallOf(context);
    const args = mcpArgumentsOf(context) as { label?: unknown } | undefined;
    seen.guard.push({ type: context.getType(), tenantId: call.principal.tenantId, args });
    return args?.label !== 'locked';
  }
}

/** Adds `intercepted: true` to the tool's result. */
@Injectable()
export class GadgetStampInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.interceptor.push(`${context.getType()}:${context.getHandler().name}`);
    return next.handle().pipe(map((r) => ({ ...(r as object), intercepted: true })));
  }
}

@Injectable()
export class GadgetsTools {
  @McpTool({ name: 'gadgets.list', description: 'Test-only: lists gadgets.', scope: 'read:gadgets', input: GadgetListInput })
  list(input: GadgetListInput, ctx: ToolContext) {
    return { data: [{ label: 'g1' }].slice(0, input.limit ?? 1), tenant_id: ctx.tenantId };
  }

  @UseGuards(GadgetLockGuard)
  @UseInterceptors(GadgetStampInterceptor)
  @McpTool({ name: 'gadgets.get', description: 'Test-only: one gadget.', scope: 'read:gadgets', input: GadgetGetInput })
  get(input: GadgetGetInput, ctx: ToolContext) {
    return { label: input.label, tenant_id: ctx.tenantId };
  }

  @RequiresUser()
  @McpTool({ name: 'gadgets.search', description: 'Test-only: needs a user actor.', scope: 'read:gadgets', input: GadgetListInput })
  search(_input: GadgetListInput, ctx: ToolContext) {
    return { data: [], user_id: ctx.actor.kind === 'user' ? ctx.actor.userId : null };
  }
}

@Module({ providers: [GadgetsTools] })
export class GadgetsModule {}

@Injectable()
export class MisnamedTools {
  @McpTool({ name: 'gizmos.list', description: 'Test-only: a scope of another entity.', scope: 'read:jobs', input: GadgetListInput })
  list() {
    return { data: [] };
  }
}

@Module({ providers: [MisnamedTools] })
export class MisnamedModule {}
