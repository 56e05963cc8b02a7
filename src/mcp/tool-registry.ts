import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, Reflector } from '@nestjs/core';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants';
import { ToolContext } from '../common/context';
import { allowsTool } from '../auth/scope-policy';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { MCP_CONTEXT, McpToolCall } from './mcp-context';
import { inputSchemaFor, portableSchema } from './input-schema';
import { MCP_TOOL, ToolMeta } from './mcp-tool.decorator';
import { TOOL_ERROR_SCHEMA } from './to-json-rpc-error';
import type { ToolView } from './toolsets';

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
  /** The entry as other connection options want it (see describe), built on first use. */
  variants: Map<string, Record<string, unknown>>;
  /** The tool method itself, with validated input and the call's context. */
  call: (input: object, ctx: ToolContext) => Promise<unknown> | unknown;
  /**
   * The call through Nest's pipeline for the method (its guards, then its interceptors, then
   * `proceed`, which validates the arguments and runs `call`), built once at discovery.
   */
  run: (args: unknown, call: McpToolCall, proceed: (args: unknown) => Promise<unknown>) => Promise<unknown>;
}

/**
 * What the pipeline invokes in place of the tool method: `proceed` (the gateway's validation,
 * transaction and audit around the method). It carries the method's metadata (its @McpTool, guards
 * and interceptors), which is where Nest's pipeline reads them from.
 */
function pipelineHandler(method: (...args: never[]) => unknown): (args: unknown, call: McpToolCall, proceed: (args: unknown) => Promise<unknown>) => Promise<unknown> {
  const handler = (args: unknown, _call: McpToolCall, proceed: (args: unknown) => Promise<unknown>) => proceed(args);
  for (const key of Reflect.getOwnMetadataKeys(method)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, method), handler);
  Object.defineProperty(handler, 'name', { value: method.name });
  return handler;
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

/** `customers.search` → `customers_search`: the name hosts whose model providers want `^[a-zA-Z0-9_-]+$` can use. */
export const underscoreName = (name: string) => name.replace('.', '_');

/** A tool's name as the connection spells it. */
export const nameFor = (tool: RegisteredTool, view: Pick<ToolView, 'toolNames'>) => (view.toolNames === 'underscore' ? underscoreName(tool.meta.name) : tool.meta.name);

/**
 * The tools/list entry of a tool as a connection asked for it: its name spelled `entity_verb`
 * (tool_names=underscore), and under tool_errors=result an outputSchema that also admits the
 * isError result's structuredContent (the v1 SDK client, and the hosts built on it, validate
 * structuredContent against outputSchema even when isError is true).
 */
export function describe(tool: RegisteredTool, view: Pick<ToolView, 'toolNames' | 'toolErrors'>): Record<string, unknown> {
  if (view.toolNames === 'dotted' && view.toolErrors === 'error') return tool.descriptor;
  const key = `${view.toolNames}/${view.toolErrors}`;
  let entry = tool.variants.get(key);
  if (!entry) {
    const { outputSchema } = tool.descriptor as { outputSchema?: Record<string, unknown> };
    entry = { ...tool.descriptor, name: nameFor(tool, view) };
    if (outputSchema && view.toolErrors === 'result') entry.outputSchema = { type: 'object', anyOf: [outputSchema, TOOL_ERROR_SCHEMA] };
    tool.variants.set(key, entry);
  }
  return entry;
}

/** Every @McpTool method of every provider, found once at start-up. Nobody keeps a list of tools. */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly tools = new Map<string, RegisteredTool>();
  /** Both spellings of every name: `customers.search` and `customers_search`. */
  private readonly byAnyName = new Map<string, RegisteredTool>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly pipeline: ExternalContextCreator,
    // the scope set is checked (and start-up fails on a misnamed scope) before any tool is registered
    private readonly catalogue: ScopeCatalogue,
  ) {}

  onModuleInit() {
    void this.catalogue.scopes;
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance;
      const proto = instance && Object.getPrototypeOf(instance);
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const meta = this.reflector.get<ToolMeta>(MCP_TOOL, proto[method]);
        if (!meta) continue;
        if (!wrapper.isDependencyTreeStatic()) throw new Error(`${wrapper.name}: tool providers must be singletons`);
        if (this.byAnyName.has(meta.name) || this.byAnyName.has(underscoreName(meta.name))) throw new Error(`duplicate MCP tool ${meta.name}`);
        if (!/^[a-z_]+\.[a-z_]+$/.test(meta.name)) throw new Error(`bad MCP tool name ${meta.name}`);
        const inputSchema = portableSchema(inputSchemaFor(meta.input));
        const annotations = annotationsFor(meta.name);
        const descriptor = {
          name: meta.name,
          description: meta.description,
          inputSchema,
          ...(meta.output ? { outputSchema: portableSchema(publishedOutput(meta.output)) } : {}),
          annotations,
        };
        const tool: RegisteredTool = {
          meta,
          inputSchema,
          annotations,
          descriptor,
          variants: new Map(),
          call: proto[method].bind(instance),
          // guards and interceptors as Nest builds them for a route, once per tool (not per call);
          // errors are not run through exception filters: they are mapped in one place (to-json-rpc-error.ts)
          run: this.pipeline.create(
            instance,
            pipelineHandler(proto[method]) as (...args: unknown[]) => unknown,
            method,
            undefined,
            undefined,
            STATIC_CONTEXT,
            undefined,
            { guards: true, interceptors: true, filters: false },
            MCP_CONTEXT,
          ) as RegisteredTool['run'],
        };
        this.tools.set(meta.name, tool);
        // entity names hold underscores but never a dot, so `job_series_end` names one tool only
        this.byAnyName.set(meta.name, tool).set(underscoreName(meta.name), tool);
      }
    }
  }

  /** The tool of either spelling of its name (`customers.search` or `customers_search`). */
  get(name: string): RegisteredTool | undefined {
    return this.byAnyName.get(name);
  }

  /** Tools in a stable order: by name. */
  all(): RegisteredTool[] {
    return [...this.tools.values()].sort((a, b) => a.meta.name.localeCompare(b.meta.name));
  }

  /** The tools these scopes allow: the policy ScopesGuard enforces on a call (src/auth/scope-policy.ts). */
  allowed(scopes: ReadonlySet<string>): RegisteredTool[] {
    return this.all().filter((t) => allowsTool(scopes, t.meta));
  }
}
