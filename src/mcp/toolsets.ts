import type { FastifyRequest } from 'fastify';
import { InvalidInput } from '../common/errors';
import type { RegisteredTool } from './tool-registry';

/**
 * The connection options of one request (contract §4), each a header or a query parameter:
 * - what the connection narrowed itself to: a set of entities ("toolsets", `X-MCP-Toolsets` /
 *   `?toolsets=`) and/or read tools only (`X-MCP-Readonly` / `?readonly=`), always intersected
 *   with the token's scopes;
 * - how tools are named in tools/list (`X-MCP-Tool-Names` / `?tool_names=`): `dotted` as the seeds
 *   name them, or `underscore` for hosts whose model providers refuse dots in function names;
 * - how a failed tools/call answers (`X-MCP-Tool-Errors` / `?tool_errors=`): a JSON-RPC error, or
 *   a `result` with `isError: true` that an agent loop hands back to the model.
 */
export interface ToolView {
  toolsets: ReadonlySet<string> | null;
  readonly: boolean;
  toolNames: 'dotted' | 'underscore';
  toolErrors: 'error' | 'result';
}

export const FULL_VIEW: ToolView = { toolsets: null, readonly: false, toolNames: 'dotted', toolErrors: 'error' };
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

const first = (v: unknown): string | undefined => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : undefined);

/**
 * Reads the view of a request; an unknown toolset or a bad readonly flag is invalid_input naming
 * where it came from. Toolsets are the entities that have tools (ScopeCatalogue.entities).
 */
export function toolViewOf(req: FastifyRequest, entities: readonly string[]): ToolView {
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
    const unknown = names.filter((n) => !entities.includes(n));
    if (unknown.length || names.length === 0) {
      throw InvalidInput(
        [{ path: where, message: unknown.length ? `unknown toolset ${unknown.join(', ')}` : 'empty toolset list' }],
        `${where} names ${unknown.length ? `unknown toolsets (${unknown.join(', ')})` : 'no toolset'}; toolsets are entity names: ${entities.join(', ')}.`,
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
  return {
    toolsets,
    readonly,
    toolNames: choiceOf(req, query, ['X-MCP-Tool-Names', 'tool_names'], ['dotted', 'underscore'] as const),
    toolErrors: choiceOf(req, query, ['X-MCP-Tool-Errors', 'tool_errors'], ['error', 'result'] as const),
  };
}

/** A connection option with a fixed set of values, the first one the default; header and query must agree. */
function choiceOf<T extends string>(req: FastifyRequest, query: Record<string, unknown>, [header, param]: [string, string], values: readonly [T, ...T[]]): T {
  let chosen: T | undefined;
  for (const [where, raw] of [
    [header, first(req.headers[header.toLowerCase()])],
    [param, first(query[param])],
  ] as const) {
    if (raw === undefined) continue;
    const v = raw.trim().toLowerCase() as T;
    if (!values.includes(v)) throw InvalidInput([{ path: where, message: `must be one of ${values.join(', ')}` }], `${where} must be one of ${values.join(', ')}.`);
    if (chosen !== undefined && chosen !== v) throw InvalidInput([{ path: where, message: `disagrees with ${header}` }], `${param} and ${header} disagree; send one of them.`);
    chosen = v;
  }
  return chosen ?? values[0];
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
