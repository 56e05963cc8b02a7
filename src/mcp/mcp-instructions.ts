import { Injectable, SetMetadata, Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { assembleInstructions, FRAGMENT_BUDGET, InstructionsFragment } from './instructions';
import { MCP_TOOL, ToolMeta } from './mcp-tool.decorator';

export const MCP_INSTRUCTIONS = Symbol('mcp:instructions');

/**
 * On an entity's tool provider: that module's fragment of the server instructions — one line about
 * its entity (what it is, how it links to others, its statuses), kept in
 * `src/<folder>/<folder>.instructions.ts`. The assembly writes it as `- <entity>: <text>`, the
 * entity being the prefix of the provider's tools. At most FRAGMENT_BUDGET characters, one line.
 */
export const McpInstructions = (text: string): ClassDecorator => SetMetadata(MCP_INSTRUCTIONS, text);

/**
 * The server instructions, assembled once at start-up from the general part (./instructions.ts)
 * and the @McpInstructions fragment of every tool provider, in module order (the order Nest holds
 * the modules: app.module.ts's imports, depth first). Reads class metadata only, so it is ready
 * when the gateway is constructed. A fragment that breaks the rules stops the start-up, naming it.
 */
@Injectable()
export class ServerInstructions {
  readonly fragments: readonly InstructionsFragment[];
  readonly text: string;

  constructor(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector) {
    const seen = new Set<Type>();
    const fragments: InstructionsFragment[] = [];
    for (const wrapper of discovery.getProviders()) {
      const cls = wrapper.metatype as Type | undefined;
      if (typeof cls !== 'function' || seen.has(cls)) continue;
      seen.add(cls);
      const text = reflector.get<string | undefined>(MCP_INSTRUCTIONS, cls);
      if (text === undefined) continue;
      fragments.push(fragmentOf(cls, text, scanner, reflector));
    }
    const twice = fragments.find((f, i) => fragments.findIndex((g) => g.entity === f.entity) !== i);
    if (twice) throw new Error(`@McpInstructions: two fragments about ${twice.entity}; an entity has one, on its tool provider`);
    this.fragments = fragments;
    this.text = assembleInstructions(fragments);
  }
}

function fragmentOf(cls: Type, text: string, scanner: MetadataScanner, reflector: Reflector): InstructionsFragment {
  const where = `@McpInstructions on ${cls.name}`;
  const names = scanner
    .getAllMethodNames(cls.prototype)
    .map((m) => reflector.get<ToolMeta | undefined>(MCP_TOOL, cls.prototype[m])?.name)
    .filter((n): n is string => !!n);
  const entities = [...new Set(names.map((n) => n.slice(0, n.indexOf('.'))))];
  if (entities.length !== 1)
    throw new Error(
      `${where}: the class must be the tool provider of one entity (its @McpTool names have ${entities.length === 0 ? 'none' : `the prefixes ${entities.join(', ')}`})`,
    );
  if (typeof text !== 'string' || text.trim() === '' || text !== text.trim() || /[\r\n]/.test(text)) {
    throw new Error(`${where}: the fragment must be one line of text, without leading or trailing spaces`);
  }
  if (text.length > FRAGMENT_BUDGET) {
    throw new Error(
      `${where}: the fragment has ${text.length} characters, over the ${FRAGMENT_BUDGET} one module may add to the server instructions (sent on every connection); shorten its <folder>.instructions.ts`,
    );
  }
  return { entity: entities[0], text };
}
