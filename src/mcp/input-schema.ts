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
    const name = schema.$ref.replace('#/definitions/', '');
    if (seen.includes(name)) return { type: 'object' };
    return inline(definitions![name] ?? { type: 'object' }, [...seen, name]);
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = typeof v === 'object' && v !== null ? inline(v, seen) : v;
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
