// Small builders for the JSON Schemas that tools declare as their `outputSchema`. Each entity writes its
// output schema next to the mapper that builds the output (src/<entity>/dto/*.output.ts), so the shape a
// tool returns and the shape it promises live side by side. Objects are closed (additionalProperties: false)
// and list every property as required: a field the mapper adds without the schema (or the reverse) fails
// the output-schema check that every e2e test's McpTestClient.call runs.

export type JsonSchema = Record<string, unknown>;

export const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
export const uuid = (description?: string): JsonSchema => ({ type: 'string', format: 'uuid', ...(description ? { description } : {}) });
export const timestamp = (description?: string): JsonSchema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
export const date = (description?: string): JsonSchema => ({ type: 'string', format: 'date', ...(description ? { description } : {}) });
export const int = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
export const num = (description?: string): JsonSchema => ({ type: 'number', ...(description ? { description } : {}) });
export const bool = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
/** Money as returned by Zoop: a JSON number with at most 2 decimals. */
export const money = (description?: string): JsonSchema => ({ type: 'number', ...(description ? { description } : {}) });
export const oneOf = (values: readonly string[], description?: string): JsonSchema => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const arrayOf = (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) });

/** `schema` or null: `{"type": [T, "null"]}` where the schema has one simple type (shorter than anyOf). */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && !('const' in schema)) {
    return { ...schema, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}) };
  }
  const { description, ...rest } = schema as { description?: string };
  return { anyOf: [rest, { type: 'null' }], ...(description ? { description } : {}) };
}

/** A closed object whose every property is present in the output. */
export function obj(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
    ...(description ? { description } : {}),
  };
}

/** The page every list/search tool returns: `{data, count, page, limit}` (20 per page). */
export function pageSchema(item: JsonSchema): JsonSchema {
  return obj({
    data: arrayOf(item),
    count: int('total rows matching the filters, over all pages'),
    page: int('this page, from 1'),
    limit: int('page size (20)'),
  });
}

/** What destructive verbs without a record to return answer, e.g. `{deleted: true, id}`. */
export const flagged = (flag: string): JsonSchema => obj({ [flag]: { type: 'boolean', const: true }, id: uuid() });
