import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MCP_TOOL, ToolMeta } from '../mcp/mcp-tool.decorator';
import { mcpCallOf } from '../mcp/mcp-context';
import { REQUIRES_USER } from './requires-user.decorator';
import { requireUserActor } from './scope-policy';

/** Every tool carries it (`@McpTool` applies it): a tool marked `@RequiresUser()` or `userActor: true` refuses a tenant key (invalid_input). */
@Injectable()
export class UserActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const meta = this.reflector.get<ToolMeta>(MCP_TOOL, handler);
    if (meta.userActor || this.reflector.get<boolean>(REQUIRES_USER, handler)) requireUserActor(mcpCallOf(context).principal.actor, meta.name);
    return true;
  }
}
