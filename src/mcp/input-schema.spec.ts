import Ajv from 'ajv';
import { IsIn, IsInt } from 'class-validator';
import { Doc, Nullable, Optional } from '../common/validation';
import { inputSchemaFor, portableSchema } from './input-schema';

// @Nullable() on an enum: null is a value the server accepts, so the schema generated from the
// class must accept it too, in both spellings: the generated `type: [X, "null"]` with null in its
// `enum`, and the published portable `anyOf` branches.
class NullableEnumInput {
  @Doc('a level; null clears it') @Nullable() @IsIn(['low', 'high']) level?: 'low' | 'high' | null;
  @Doc('a number from a list, or null') @Nullable() @IsIn([1, 2, 3]) pick?: number | null;
  @Doc('an enum that may be omitted, never null') @Optional() @IsIn(['a', 'b']) plain?: 'a' | 'b';
  @Doc('a nullable integer') @Nullable() @IsInt() count?: number | null;
}

describe('inputSchemaFor: @Nullable() on an enum', () => {
  const ajv = new Ajv({ strict: false });

  it.each([
    ['generated', () => inputSchemaFor(NullableEnumInput)],
    ['published (portable)', () => portableSchema(inputSchemaFor(NullableEnumInput))],
  ])('the %s schema accepts null and the listed values, and nothing else', (_label, schemaOf) => {
    const validate = ajv.compile(schemaOf());
    for (const ok of [{ level: null }, { level: 'low' }, { pick: null }, { pick: 2 }, { plain: 'a' }, { count: null }]) expect([ok, validate(ok)]).toEqual([ok, true]);
    for (const bad of [{ level: 'medium' }, { level: 'LOW' }, { pick: 4 }, { plain: null }, { count: 'x' }]) expect([bad, validate(bad)]).toEqual([bad, false]);
  });

  it('publishes null in the generated enum, and as the null branch of the portable spelling', () => {
    const generated = inputSchemaFor(NullableEnumInput).properties;
    expect(generated.level).toMatchObject({ type: ['string', 'null'], enum: ['low', 'high', null] });
    expect(generated.pick).toMatchObject({ type: ['number', 'null'], enum: [1, 2, 3, null] });
    expect(generated.plain.enum).toEqual(['a', 'b']);
    expect(portableSchema(generated.level)).toEqual({ anyOf: [{ type: 'string', enum: ['low', 'high'] }, { type: 'null' }], description: 'a level; null clears it' });
  });
});
