import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { RegisteredTool } from './tool-registry';
import type { ToolView } from './toolsets';

/**
 * The context type of a tools/call in Nest's pipeline (`ExecutionContext.getType()`): every call
 * runs its tool method's guards and interceptors through ExternalContextCreator, as
 * @nestjs/graphql resolvers and @nestjs/microservices handlers do.
 */
export const MCP_CONTEXT = 'mcp';

/** What the pipeline of a tools/call carries: `getArgs()` is `[arguments, McpToolCall]`. */
export interface McpToolCall {
  principal: Principal;
  requestId: string;
  /** the tool called */
  tool: RegisteredTool;
  /** the toolsets / read-only narrowing of this connection */
  view: ToolView;
}

/** The call a guard or interceptor on a tool method runs for (context type 'mcp'). */
export const mcpCallOf = (context: ExecutionContext): McpToolCall => context.getArgByIndex<McpToolCall>(1);

/** The raw `arguments` of the call, before validation (guards and interceptors run before it, as in HTTP). */
export const mcpArgumentsOf = (context: ExecutionContext): unknown => context.getArgByIndex(0);
