import { SetMetadata, Type } from '@nestjs/common';
import type { JsonSchema } from './output-schema';

export const MCP_TOOL = Symbol('mcp:tool');

export interface ToolMeta {
  /** `<entity>.<verb>`, e.g. `jobs.create`. The verb sets the MCP annotations. */
  name: string;
  description: string;
  /** `read:<entity>` or `write:<entity>`. */
  scope: string;
  /** Needs a user actor (user key or OAuth token): a tenant key gets invalid_input. */
  userActor?: boolean;
  /** The class-validator class that validates the arguments and generates the inputSchema. */
  input: Type<object>;
  /** The JSON Schema of the tool's structuredContent (tools/list `outputSchema`), built with ./output-schema. */
  output?: JsonSchema;
  /**
   * The tool writes with exactly one SQL statement, which also writes the call's audit row
   * (inlineAudit). Without an idempotency key the gateway then runs it outside an explicit
   * transaction (the statement is atomic by itself), saving BEGIN and COMMIT round trips; with a
   * key it runs in a transaction like every write, as the key's record must commit with it.
   */
  oneStatement?: boolean;
}

/** Marks a tool provider method as an MCP tool. The gateway discovers it at start-up. */
export const McpTool = (meta: ToolMeta): MethodDecorator => SetMetadata(MCP_TOOL, meta);
