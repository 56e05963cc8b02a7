import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MCP_TOOL, ToolMeta } from '../mcp/mcp-tool.decorator';
import { ALL } from './scope-policy';

/**
 * The scopes there are, derived from the tools: every `@McpTool` method found at start-up gives its
 * entity (the prefix of its name) a `read:<entity>` and a `write:<entity>` scope. Nobody keeps a list
 * of entities: a module added to the app brings its scopes, its toolset name and its place in
 * `--scopes all` with it. Start-up fails on a tool whose scope is not `read:`/`write:` of its own
 * entity. One instance per app (an app with a test-only module has that module's scopes, others not).
 */
@Injectable()
export class ScopeCatalogue implements OnModuleInit {
  private derived?: { entities: readonly string[]; scopes: readonly string[]; known: ReadonlySet<string>; all: ReadonlySet<string> };

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  // fails the start-up (server, CLI, tests) on a misnamed scope
  onModuleInit() {
    this.load();
  }

  /** The entities that have tools, in discovery order (the order of the modules in the app). */
  get entities(): readonly string[] {
    return this.load().entities;
  }

  /** Every scope: `read:<entity>` and `write:<entity>` of each entity. */
  get scopes(): readonly string[] {
    return this.load().scopes;
  }

  /** Every scope, as the set an `all` credential holds. */
  get every(): ReadonlySet<string> {
    return this.load().all;
  }

  isScope(name: string): boolean {
    return this.load().known.has(name);
  }

  /**
   * A comma-separated list (the CLI's `--scopes`): `all` alone stays `all` (a credential that keeps
   * meaning every scope, those of entities added later included); unknown names are reported, not dropped.
   */
  parseList(list: string): { scopes: string[]; unknown: string[] } {
    const names = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 1 && names[0] === ALL) return { scopes: [ALL], unknown: [] };
    const unknown = names.filter((n) => !this.isScope(n));
    return { scopes: [...new Set(names.filter((n) => this.isScope(n)))], unknown };
  }

  /** The scopes a stored credential holds now: `all` is every scope there is today. */
  expand(stored: readonly string[]): ReadonlySet<string> {
    if (stored.includes(ALL)) return this.every;
    return new Set(stored.filter((s) => this.isScope(s)));
  }

  private load() {
    if (this.derived) return this.derived;
    const entities: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const proto = wrapper.instance && Object.getPrototypeOf(wrapper.instance);
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const meta = this.reflector.get<ToolMeta | undefined>(MCP_TOOL, proto[method]);
        if (!meta) continue;
        const entity = meta.name.slice(0, meta.name.indexOf('.'));
        if (!entity || (meta.scope !== `read:${entity}` && meta.scope !== `write:${entity}`)) {
          throw new Error(
            `MCP tool ${meta.name} (${wrapper.name}.${method}) has scope "${meta.scope}": a tool's scope must be read:${entity || '<entity>'} or write:${entity || '<entity>'}, of its own entity (the prefix of its name)`,
          );
        }
        if (!entities.includes(entity)) entities.push(entity);
      }
    }
    const scopes = entities.flatMap((e) => [`read:${e}`, `write:${e}`]);
    const known = new Set(scopes);
    this.derived = { entities, scopes, known, all: known };
    return this.derived;
  }
}
