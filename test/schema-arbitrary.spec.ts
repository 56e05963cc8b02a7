import Ajv from 'ajv';
import fc from 'fast-check';
import { fuzzArgs, validArgs } from './support/schema-arbitrary';

// The fuzz generator copes with null among an enum's values (a @Nullable() enum: `type: [X, "null"]`
// with null in `enum`, or its portable `anyOf` spelling), and with enums of numbers.
describe('schema-arbitrary: enums with null', () => {
  const schema = {
    type: 'object',
    properties: {
      level: { type: ['string', 'null'], enum: ['low', 'high', null] },
      portable: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
      pick: { type: ['number', 'null'], enum: [1, 2, null] },
    },
    required: ['level'],
    additionalProperties: false,
  };
  const validate = new Ajv({ strict: false }).compile(schema);

  it('valid arguments satisfy the schema, null included', () => {
    const samples = fc.sample(validArgs(schema, []), { numRuns: 300, seed: 7 });
    for (const args of samples) expect([args, validate(args)]).toEqual([args, true]);
    expect(samples.some((a) => a.level === null)).toBe(true);
    expect(samples.some((a) => a.level === 'low')).toBe(true);
  });

  it('mutated arguments are generated without failing on a null or a number among the values', () => {
    const samples = fc.sample(fuzzArgs(schema, []), { numRuns: 1000, seed: 7 });
    expect(samples.length).toBe(1000);
    expect(samples.some((a) => !validate(a))).toBe(true);
  });
});
