import 'reflect-metadata';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Issue } from '../common/errors';
import { parseInput } from './validate-input';

const issuesOf = async (cls: new () => object, raw: unknown): Promise<Issue[]> => {
  try {
    await parseInput(cls, raw);
    return [];
  } catch (err) {
    return (err as { issues: Issue[] }).issues;
  }
};

// parseInput remembers each class's rules (class-validator would gather them on every call): the
// answers must be those of the class's rules as they are now, including rules added after a call.
describe('parseInput with remembered rules', () => {
  class Line {
    @IsInt() @Min(1) quantity!: number;
  }
  class Order {
    @IsString() title!: string;
    @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
  }

  it('gives the same issues on every call, nested ones included', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await issuesOf(Order, { title: 1, lines: [{ quantity: 0 }], extra: true })).toEqual([
        { path: 'extra', message: 'extra is not a known field' },
        { path: 'title', message: 'title must be a string' },
        { path: 'lines.0.quantity', message: 'lines.0.quantity must not be less than 1' },
      ]);
      expect(await issuesOf(Order, { title: 'ok', lines: [{ quantity: 2 }] })).toEqual([]);
    }
  });

  it('sees rules added after the class was first validated', async () => {
    class Late {
      @IsString() name!: string;
    }
    expect(await issuesOf(Late, { name: 'x', age: 3 })).toEqual([{ path: 'age', message: 'age is not a known field' }]);
    // what a decorator does when a class is defined: add a rule to the class
    IsInt()(Late.prototype, 'age');
    expect(await issuesOf(Late, { name: 'x', age: 3 })).toEqual([]);
    expect(await issuesOf(Late, { name: 'x', age: 'three' })).toEqual([{ path: 'age', message: 'age must be an integer number' }]);
  });
});
