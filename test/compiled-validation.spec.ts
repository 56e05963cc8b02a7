import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Type } from '@nestjs/common';
import { MCP_TOOL, ToolMeta } from '../src/mcp/mcp-tool.decorator';
import { inputSchemaFor } from '../src/mcp/input-schema';
import { surelyValid } from '../src/mcp/validate-input';
import { compiledPlainToInput } from '../src/mcp/plain-to-input';
import { fuzzArgs, validArgs } from './support/schema-arbitrary';

// parseInput's compiled check (src/mcp/validate-input.ts) lets a call through without class-validator
// only when class-validator would find no error. For every tool's input class, on valid and mutated
// arguments from its own inputSchema, the check must answer exactly what class-validator answers
// (never "valid" for an input class-validator refuses; and "valid" for the valid ones, or it saves nothing).
const SRC = join(__dirname, '..', 'src');
const tools: ToolMeta[] = [];
for (const dir of readdirSync(SRC, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)) {
  for (const file of readdirSync(join(SRC, dir)).filter((f) => f.endsWith('.tools.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const exported of Object.values(require(join(SRC, dir, file)) as Record<string, unknown>)) {
      if (typeof exported !== 'function') continue;
      const proto = exported.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const meta = typeof proto[key] === 'function' ? (Reflect.getMetadata(MCP_TOOL, proto[key] as object) as ToolMeta | undefined) : undefined;
        if (meta) tools.push(meta);
      }
    }
  }
}
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const RUNS = Number(process.env.COMPILED_RUNS ?? 150);
const ids = Array.from({ length: 4 }, () => randomUUID());

describe('compiled validation answers as class-validator does', () => {
  it('finds the tools', () => expect(tools.length).toBeGreaterThanOrEqual(60));

  it.each(tools.map((t) => [t.name, t.input] as [string, Type<object>]))('%s', async (_name, input) => {
    const schema = inputSchemaFor(input);
    const raws = [...fc.sample(validArgs(schema, ids), { numRuns: RUNS, seed: 17 }), ...fc.sample(fuzzArgs(schema, ids), { numRuns: RUNS * 2, seed: 17 })];
    let fast = 0;
    let copied = 0;
    for (const raw of raws) {
      let obj: unknown;
      try {
        obj = plainToInstance(input, raw ?? {}, { exposeDefaultValues: true });
      } catch {
        continue; // parseInput refuses such arguments before (rawIssues)
      }
      const compiled = compiledPlainToInput(input, raw ?? {});
      if (compiled !== undefined) {
        copied++;
        const diff = difference(compiled, obj, '');
        if (diff) throw new Error(`compiled copy differs from plainToInstance at ${diff} for ${JSON.stringify(raw)}`);
      }
      const valid = (await validate(obj as object, OPTIONS)).length === 0;
      const sure = surelyValid(obj);
      if (sure !== valid) throw new Error(`compiled ${sure}, class-validator ${valid} for ${JSON.stringify(raw)}`);
      if (sure) fast++;
    }
    expect(copied).toBeGreaterThan(0);
    expect(fast).toBeGreaterThan(0);
  });
});

/** Where two values differ (classes, own keys in order, values), or '' when they are the same. */
function difference(a: unknown, b: unknown, path: string): string {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? '' : path || '(root)';
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || '(root)'} (class)`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path || '(root)'} (keys ${ka.join(',')} vs ${kb.join(',')})`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return '';
}
