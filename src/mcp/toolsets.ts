import type { FastifyRequest } from 'fastify';
import { ENTITIES } from '../auth/scopes';
import { InvalidInput } from '../common/errors';
import type { RegisteredTool } from './tool-registry';

/**
 * What one connection narrowed itself to: a set of entities ("toolsets") and/or read tools only.
 * Chosen per request with `X-MCP-Toolsets` / `?toolsets=` and `X-MCP-Readonly` / `?readonly=`,
 * and always intersected with the token's scopes.
 */
export interface ToolView {
  toolsets: ReadonlySet<string> | null;
  readonly: boolean;
}

export const FULL_VIEW: ToolView = { toolsets: null, readonly: false };
const KNOWN = new Set<string>(ENTITIES);
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

const first = (v: unknown): string | undefined => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : undefined);

/** Reads the view of a request; an unknown toolset or a bad readonly flag is invalid_input naming where it came from. */
export function toolViewOf(req: FastifyRequest): ToolView {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const header = first(req.headers['x-mcp-toolsets']);
  const fromQuery = first(query.toolsets);
  let toolsets: Set<string> | null = null;
  const sources: [string, string | undefined][] = [
    ['X-MCP-Toolsets', header],
    ['toolsets', fromQuery],
  ];
  for (const [where, raw] of sources) {
    if (raw === undefined) continue;
    const names = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !KNOWN.has(n));
    if (unknown.length || names.length === 0) {
      throw InvalidInput(
        [{ path: where, message: unknown.length ? `unknown toolset ${unknown.join(', ')}` : 'empty toolset list' }],
        `${where} names ${unknown.length ? `unknown toolsets (${unknown.join(', ')})` : 'no toolset'}; toolsets are entity names: ${ENTITIES.join(', ')}.`,
      );
    }
    // header and query together narrow to what both allow
    toolsets = toolsets ? new Set(names.filter((n) => toolsets!.has(n))) : new Set(names);
  }
  let readonly = false;
  for (const [where, raw] of [
    ['X-MCP-Readonly', first(req.headers['x-mcp-readonly'])],
    ['readonly', first(query.readonly)],
  ] as const) {
    if (raw === undefined) continue;
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) readonly = true;
    else if (!FALSE.has(v)) throw InvalidInput([{ path: where, message: 'must be true or false (1 or 0)' }], `${where} must be true or false (1 or 0).`);
  }
  return { toolsets, readonly };
}

export const entityOf = (tool: RegisteredTool) => tool.meta.name.slice(0, tool.meta.name.indexOf('.'));

/** Why a tool is outside the view, or null when the view shows it. */
export function outsideView(tool: RegisteredTool, view: ToolView): string | null {
  if (view.toolsets && !view.toolsets.has(entityOf(tool))) {
    return `${tool.meta.name} is outside the toolsets of this connection (${[...view.toolsets].join(', ') || 'none'}).`;
  }
  if (view.readonly && !tool.annotations.readOnlyHint) return `${tool.meta.name} writes, and this connection is read-only.`;
  return null;
}
