import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ToolContext } from '../common/context';
import { inputSchemaFor } from './input-schema';
import { MCP_TOOL, ToolMeta } from './mcp-tool.decorator';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: false;
}

export interface RegisteredTool {
  meta: ToolMeta;
  inputSchema: Record<string, unknown>;
  annotations: ToolAnnotations;
  /** The tools/list entry, built once. */
  descriptor: Record<string, unknown>;
  call: (input: object, ctx: ToolContext) => Promise<unknown> | unknown;
}

const READ_VERBS = new Set(['list', 'search', 'get']);
const DESTRUCTIVE_VERBS = new Set(['archive', 'void', 'cancel', 'delete', 'end']);

// The verb of a tool name decides its MCP annotations (contract §3), so no tool can get them wrong.
export function annotationsFor(name: string): ToolAnnotations {
  const verb = name.slice(name.lastIndexOf('.') + 1);
  return {
    readOnlyHint: READ_VERBS.has(verb),
    destructiveHint: DESTRUCTIVE_VERBS.has(verb),
    idempotentHint: verb === 'update' || DESTRUCTIVE_VERBS.has(verb) || READ_VERBS.has(verb),
    openWorldHint: false,
  };
}

/**
 * The outputSchema tools/list publishes: the declared one without its `required` lists, which were
 * ~18 % of the catalogue and say only "every property is always there" (the instructions say it once).
 * The tests validate every result against the full declared schema, `required` included.
 */
export function publishedOutput(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema, (k, v) => (k === 'required' && Array.isArray(v) ? undefined : v)));
}

/** Every @McpTool method of every provider, found once at start-up. Nobody keeps a list of tools. */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly tools = new Map<string, RegisteredTool>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit() {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance;
      const proto = instance && Object.getPrototypeOf(instance);
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const meta = this.reflector.get<ToolMeta>(MCP_TOOL, proto[method]);
        if (!meta) continue;
        if (!wrapper.isDependencyTreeStatic()) throw new Error(`${wrapper.name}: tool providers must be singletons`);
        if (this.tools.has(meta.name)) throw new Error(`duplicate MCP tool ${meta.name}`);
        if (!/^[a-z_]+\.[a-z_]+$/.test(meta.name)) throw new Error(`bad MCP tool name ${meta.name}`);
        const inputSchema = inputSchemaFor(meta.input);
        const annotations = annotationsFor(meta.name);
        this.tools.set(meta.name, {
          meta,
          inputSchema,
          annotations,
          descriptor: { name: meta.name, description: meta.description, inputSchema, ...(meta.output ? { outputSchema: publishedOutput(meta.output) } : {}), annotations },
          call: proto[method].bind(instance),
        });
      }
    }
  }

  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  /** Tools in a stable order: by name. */
  all(): RegisteredTool[] {
    return [...this.tools.values()].sort((a, b) => a.meta.name.localeCompare(b.meta.name));
  }

  allowed(scopes: ReadonlySet<string>): RegisteredTool[] {
    return this.all().filter((t) => scopes.has(t.meta.scope));
  }
}
