import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { newTenant, registeredToolNames, startApp, TestApp, TestTenant } from './support/app';

// The catalogue a model reads (issue 8, "tools that explain themselves"): every tool describes itself
// with one example argument object that its own inputSchema accepts, describes every argument, and
// declares an outputSchema. Each check collects every offender, so a failure names them all.

type Schema = Record<string, any>;

/** The first balanced {…} after the last "Example:" of a description, parsed; undefined when there is none. */
function exampleOf(description: string): unknown {
  const at = description.lastIndexOf('Example:');
  const start = at < 0 ? -1 : description.indexOf('{', at);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < description.length; i++) {
    const c = description[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      try {
        return JSON.parse(description.slice(start, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Paths of the properties, at any depth (nested objects, array items, anyOf branches), that have no description. */
function undescribed(schema: Schema, path: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
    const at = path ? `${path}.${key}` : key;
    if (typeof prop?.description !== 'string' || !prop.description.trim()) out.push(at);
    undescribed(prop, at, out);
  }
  if (schema.items) undescribed(schema.items, `${path}[]`, out);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const branch of schema[k] ?? []) undescribed(branch, path, out);
  return out;
}

/** Placeholders such as "<uuid>" stand for real values: a random-looking uuid, so the example can be validated. */
const withPlaceholders = (v: unknown): unknown =>
  v === '<uuid>'
    ? '00000000-0000-4000-8000-000000000000'
    : Array.isArray(v)
      ? v.map(withPlaceholders)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPlaceholders(x)]))
        : v;

describe('the tool catalogue explains itself', () => {
  let t: TestApp;
  let a: TestTenant;
  let tools: Schema[];
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false }));

  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t); // every scope
    tools = await a.client.tools();
  });
  afterAll(() => t.close());

  it('lists all tools in a stable order, by name', async () => {
    const names = tools.map((x) => x.name);
    // every registered tool, each once, in the registry's order
    expect(names).toEqual(registeredToolNames(t));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    expect((await a.client.tools()).map((x) => x.name)).toEqual(names);
  });

  it('every description carries one example argument object that the inputSchema accepts', () => {
    const problems: string[] = [];
    for (const tool of tools) {
      if (typeof tool.description !== 'string' || !tool.description.trim()) {
        problems.push(`${tool.name}: no description`);
        continue;
      }
      if ((tool.description.match(/Example:/g) ?? []).length !== 1) problems.push(`${tool.name}: wants exactly one "Example:"`);
      const example = exampleOf(tool.description);
      if (!example || typeof example !== 'object' || Array.isArray(example)) {
        problems.push(`${tool.name}: no example argument object (Example: {...} as JSON)`);
        continue;
      }
      const validate = ajv.compile(tool.inputSchema);
      if (!validate(withPlaceholders(example))) problems.push(`${tool.name}: example rejected by its inputSchema: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
  });

  it('every argument, at any depth, has a description', () => {
    const problems = tools.flatMap((tool) => undescribed(tool.inputSchema, '').map((p) => `${tool.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('every tool declares an object outputSchema that compiles', () => {
    const problems: string[] = [];
    for (const tool of tools) {
      if (!tool.outputSchema) {
        problems.push(`${tool.name}: no outputSchema`);
        continue;
      }
      if (tool.outputSchema.type !== 'object') problems.push(`${tool.name}: outputSchema type is ${tool.outputSchema.type}, not object`);
      try {
        ajv.compile(tool.outputSchema);
      } catch (e) {
        problems.push(`${tool.name}: outputSchema does not compile: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
