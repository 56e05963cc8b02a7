// The server `instructions` that `initialize` (and server/discover) return: what a model needs once,
// before it reads any tool. Kept compact (it is sent on every connection): the rules of a single tool
// live in its description. This file holds the general part; each entity module adds one line about
// its entity (what it is, how it links, its statuses) in `src/<folder>/<folder>.instructions.ts`,
// attached to its tool provider with @McpInstructions (./mcp-instructions.ts), found at start-up.

/** Characters one module may add (its fragment, without the `- <entity>: ` the assembly puts before it). */
export const FRAGMENT_BUDGET = 600;
/**
 * What the entity lines may average: with the general part, the whole text of today's 13 entities
 * stays under ~3,600 characters (~900 tokens), and each entity added may spend this much more.
 */
export const FRAGMENT_AVERAGE_BUDGET = 130;

const INTRO = `Zoop is the back office of a field-service business (plumbers, lawn crews, HVAC shops). Tools are <entity>.<verb>: list, get, create, update (a patch: only the fields sent change, null clears one) and one destructive verb.`;

const GENERAL = `Money: JSON numbers with at most 2 decimals (quantities 3, tax rates are percents with 4). Never send totals: the server computes line total = round(unit_price × quantity, 2), subtotal, tax_total = round(taxable lines × rate / 100, 2), total = subtotal + tax_total, rounding half away from zero. line_items on update replaces the whole list.

Dates: ids are UUIDs; timestamps ISO 8601 (sent with a zone, returned in UTC, e.g. 2026-06-16T09:00:00Z); dates YYYY-MM-DD.

Results: every property a tool's outputSchema lists is always present (null when empty).

Lists: page from 1, 20 rows a page; results are {data, count (all pages), page, limit}. Archived rows are hidden unless includeArchived: true; update {archived: false} restores. Arguments are snake_case, list filters camelCase (customerId).

Errors (error.data.kind): invalid_input with data.issues [{path, message}] naming each bad field (also an id of another tenant, or a tenant key on a tool that needs a user); not_found; conflict (duplicate, forbidden move); internal. HTTP 401 unauthorized, 403 insufficient_scope (data.required_scope), 429 rate_limited.

Retries: send a write with an Idempotency-Key header or params._meta["zoop/idempotency_key"]: the same key and arguments within 24 h return the first result without writing again; other arguments are conflict.

Narrowing: X-MCP-Toolsets: jobs,customers (or ?toolsets=) and X-MCP-Readonly: true (or ?readonly=1) limit the tools listed and callable.`;

/** One entity module's part of the instructions: the entity (its tools' prefix) and what the module says about it. */
export interface InstructionsFragment {
  entity: string;
  text: string;
}

/** The general part without the entity lines: what the budget of the general part measures. */
export const GENERAL_LENGTH = `${INTRO}\n\nEntities (N), how they link, their statuses (any other status move is conflict):\n\n${GENERAL}`.length;

/** The instructions: the general part around one line per entity module, in module order. */
export function assembleInstructions(fragments: readonly InstructionsFragment[]): string {
  const lines = fragments.map((f) => `- ${f.entity}: ${f.text}`).join('\n');
  return `${INTRO}\n\nEntities (${fragments.length}), how they link, their statuses (any other status move is conflict):\n${lines}\n\n${GENERAL}`;
}
