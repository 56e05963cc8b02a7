import { Injectable, Module } from '@nestjs/common';
import { IsIn } from 'class-validator';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ToolContext } from '../src/common/context';
import { Doc, Nullable } from '../src/common/validation';
import { McpTool } from '../src/mcp/mcp-tool.decorator';
import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

// Issue 16, item 7: a @Nullable() enum argument. The server takes null (it clears the field), so the
// inputSchema tools/list publishes must take it too, or a client that validates its arguments
// against the schema (as hosts do) could never send it. No tool of the catalogue has such an
// argument yet: a test-only tool, added to this test's app only, has one.
const LEVELS = ['low', 'high'] as const;
class NullableProbeInput {
  @Doc('a level; null clears it') @Nullable() @IsIn(LEVELS) level?: (typeof LEVELS)[number] | null;
}

@Injectable()
class NullableProbeTools {
  @McpTool({ name: 'tags.nullable_probe', description: 'Test-only: echoes its level. Example: {"level": null}', scope: 'read:tags', input: NullableProbeInput })
  probe(input: NullableProbeInput, _ctx: ToolContext) {
    return { level: input.level === undefined ? 'omitted' : input.level };
  }
}

@Module({ providers: [NullableProbeTools] })
class NullableProbeModule {}

describe('@Nullable() on an enum: the published inputSchema takes the null the server takes', () => {
  let t: TestApp;
  let a: TestTenant;
  let schema: any;
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false }));
  beforeAll(async () => {
    t = await startApp({}, [NullableProbeModule]);
    a = await newTenant(t);
    schema = (await a.client.tools()).find((tool) => tool.name === 'tags.nullable_probe')?.inputSchema;
  });
  afterAll(() => t.close());

  it('tools/list publishes null among the values of the argument', () => {
    expect(schema).toBeDefined();
    const validate = ajv.compile(schema);
    expect(validate({ level: null })).toBe(true);
    expect(validate({ level: 'low' })).toBe(true);
    expect(validate({})).toBe(true);
    expect(validate({ level: 'medium' })).toBe(false);
    // spelled portably: a branch of the enum's own type, and a null branch
    expect(schema.properties.level).toMatchObject({ anyOf: [{ type: 'string', enum: [...LEVELS] }, { type: 'null' }] });
  });

  it('a call with null, valid by the published schema, succeeds; a value outside the enum fails in both', async () => {
    const validate = ajv.compile(schema);
    const args = { level: null };
    expect(validate(args)).toBe(true);
    expect(await a.client.call('tags.nullable_probe', args)).toEqual({ level: null });
    expect(await a.client.call('tags.nullable_probe', { level: 'high' })).toEqual({ level: 'high' });
    expect(validate({ level: 'medium' })).toBe(false);
    const err = await expectError(a.client.call('tags.nullable_probe', { level: 'medium' }), 'invalid_input');
    expect(err.data.issues).toEqual([expect.objectContaining({ path: 'level' })]);
  });
});
