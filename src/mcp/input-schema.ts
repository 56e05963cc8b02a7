import { Type } from '@nestjs/common';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Schema = Record<string, any>;
let definitions: Record<string, Schema> | undefined;

// MCP clients want a self-contained inputSchema: nested classes (line items, addresses) are inlined.
function inline(schema: Schema, seen: string[]): Schema {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, seen)) as any;
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    const name = $ref.replace('#/definitions/', '');
    // A union type such as `string | null` reflects as Object and gets a $ref to a class that has no
    // definition: the property's own keywords (type, format, …) are then all there is to it.
    if (!definitions![name]) return inline(Object.keys(siblings).length ? siblings : { type: 'object' }, seen);
    if (seen.includes(name)) return { type: 'object', ...siblings };
    return { ...inline(definitions![name], [...seen, name]), ...inline(siblings, seen) };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = typeof v === 'object' && v !== null ? inline(v, seen) : v;
  // a nested object (an address, a line item) refuses unknown fields like the arguments themselves
  // (the validator's whitelist reaches into nested objects), so its schema says so too
  if (out.properties && typeof out.properties === 'object' && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

export function inputSchemaFor(cls: Type<object>): Schema {
  definitions ??= validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/definitions/',
  }) as Record<string, Schema>;
  const schema = inline(definitions[cls.name] ?? { type: 'object', properties: {} }, [cls.name]);
  return { type: 'object', properties: {}, ...schema, additionalProperties: false };
}

// Annotations that describe the whole value; every other keyword constrains one branch of a union.
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated']);

/**
 * The most portable spelling of a published schema (issue 15, C9): `type: [X, "null"]` is legal
 * JSON Schema, but clients that map tool schemas onto a single-`type` dialect (Gemini's OpenAPI
 * subset, and so some hosts' converters) reject or drop it; MCP Inspector's schema portability check
 * warns on each. The same contract written as `anyOf` branches of one type each.
 */
export function portableSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(portableSchema) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = portableSchema(v);
  if (!Array.isArray(out.type)) return out as T;
  const outer: Schema = {};
  const inner: Schema = {};
  for (const [k, v] of Object.entries(out)) if (k !== 'type') (ANNOTATIONS.has(k) ? outer : inner)[k] = v;
  const branches = (out.type as string[]).map((type) => {
    if (type === 'null') return { type };
    const branch: Schema = { type, ...inner };
    if (Array.isArray(branch.enum)) branch.enum = branch.enum.filter((v: unknown) => v !== null);
    return branch;
  });
  return { anyOf: branches, ...outer } as T;
}
