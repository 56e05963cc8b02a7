import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MCP_TOOL, ToolMeta } from '../mcp/mcp-tool.decorator';
import { mcpCallOf } from '../mcp/mcp-context';
import { InvalidInput } from '../common/errors';
import { outsideView } from '../mcp/toolsets';
import { requireToolScope } from './scope-policy';

/**
 * Every tool carries it (`@McpTool` applies it): the token must hold the tool's scope (else 403
 * insufficient_scope naming it), and the tool must be inside what the connection narrowed itself
 * to (toolsets, read-only; else invalid_input). tools/list filters with the same policy.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const meta = this.reflector.get<ToolMeta>(MCP_TOOL, context.getHandler());
    const call = mcpCallOf(context);
    requireToolScope(call.principal.scopes, meta);
    const outside = outsideView(call.tool, call.view);
    if (outside) throw InvalidInput([{ path: 'name', message: outside }], outside);
    return true;
  }
}
