import { assignFields, FieldMap } from './fields';

class Input {
  name!: string;
  note?: string | null;
  count?: number;
  id!: string;
}
class Row {
  id!: string;
  name!: string;
  noteText!: string | null;
  count!: number;
}

describe('FieldMap / assignFields', () => {
  const MAP: FieldMap<Input, Row, 'id'> = { name: 'name', note: 'noteText', count: 'count' };

  it("create ('null'): sent fields are copied, left-out ones become null", () => {
    const row = assignFields(new Row(), { id: 'x', name: 'A', count: 2 } as Input, MAP, 'null');
    expect({ ...row }).toEqual({ name: 'A', noteText: null, count: 2 });
  });

  it("update ('keep'): only sent fields change; an explicit null clears", () => {
    const row = Object.assign(new Row(), { id: 'x', name: 'A', noteText: 'old', count: 1 });
    assignFields(row, { id: 'x', note: null } as Input, MAP, 'keep');
    expect({ ...row }).toEqual({ id: 'x', name: 'A', noteText: null, count: 1 });
  });

  // Compile-time guarantees, checked by `npm run typecheck` (tsc includes this file): each
  // expect-error directive below fails the typecheck if its line ever stops being an error.
  it('a field missing from the map, or mapped to a property of the wrong type, does not compile', () => {
    // @ts-expect-error -- 'count' is a field of Input and not in the map (nor in Handled)
    const missing: FieldMap<Input, Row, 'id'> = { name: 'name', note: 'noteText' };
    // @ts-expect-error -- count is a number: it cannot be written to the string property 'name'
    const wrongType: FieldMap<Input, Row, 'id'> = { name: 'name', note: 'noteText', count: 'name' };
    // @ts-expect-error -- 'nope' is no property of Row
    const unknownProp: FieldMap<Input, Row, 'id'> = { name: 'name', note: 'noteText', count: 'nope' };
    expect([missing, wrongType, unknownProp]).toHaveLength(3);
  });
});
