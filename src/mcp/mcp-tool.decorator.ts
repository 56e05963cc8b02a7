import { applyDecorators, SetMetadata, Type, UseGuards } from '@nestjs/common';
import { ScopesGuard } from '../auth/scopes.guard';
import { UserActorGuard } from '../auth/user-actor.guard';
import type { JsonSchema } from './output-schema';

export const MCP_TOOL = Symbol('mcp:tool');

export interface ToolMeta {
  /** `<entity>.<verb>`, e.g. `jobs.create`. The verb sets the MCP annotations. */
  name: string;
  description: string;
  /** `read:<entity>` or `write:<entity>`, of the tool's own entity (start-up fails otherwise); ScopesGuard enforces it. */
  scope: string;
  /** Needs a user actor (user key or OAuth token): a tenant key gets invalid_input (UserActorGuard; same as `@RequiresUser()`). */
  userActor?: boolean;
  /** The class-validator class that validates the arguments and generates the inputSchema. */
  input: Type<object>;
  /** The JSON Schema of the tool's structuredContent (tools/list `outputSchema`), built with ./output-schema. */
  output?: JsonSchema;
  /**
   * The tool writes with exactly one SQL statement, which also writes the call's audit row
   * (inlineAudit). Without an idempotency key the gateway then runs it outside an explicit
   * transaction (the statement is atomic by itself), saving BEGIN and COMMIT round trips; with a
   * key it runs in a transaction like every write, as the key's record must commit with it. On
   * Citus (routed writes, src/database/write-mode.ts) the tool writes each table with a statement of
   * its own and the gateway the audit row, so it always runs in a transaction.
   */
  oneStatement?: boolean;
}

/**
 * Marks a tool provider method as an MCP tool. The gateway discovers it at start-up and runs each
 * call through Nest's pipeline for the method (ExternalContextCreator, context type 'mcp'): the
 * scope and actor guards every tool gets, then any `@UseGuards(...)` / `@UseInterceptors(...)` of
 * the method or its class (write them above `@McpTool`, so they run after the scope check).
 */
export const McpTool = (meta: ToolMeta): MethodDecorator => applyDecorators(SetMetadata(MCP_TOOL, meta), UseGuards(ScopesGuard, UserActorGuard));
