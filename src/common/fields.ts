/**
 * Typed field mapping: which entity property each input field of a tool's DTO sets.
 *
 * `FieldMap<Input, Entity, Handled>` needs a key for EVERY field of `Input` except those listed in
 * `Handled` (the ones the service treats by hand: id, archived, tag_ids, …), and each key's value
 * must be a property of `Entity` that can hold the field's value. So a field added to a DTO and
 * forgotten here is a compile error (tsc), not a value silently dropped. See fields.spec.ts.
 */
export type FieldMap<Input, Entity, Handled extends keyof Input = never> = {
  readonly [F in Exclude<keyof Input, Handled>]-?: PropertyFor<Entity, Input[F]>;
};

/** The properties of `Entity` that accept a value of type `V` (null and undefined aside). */
type PropertyFor<Entity, V> = {
  [P in keyof Entity]-?: [NonNullable<V>] extends [NonNullable<Entity[P]>] ? P : never;
}[keyof Entity] &
  string;

/**
 * Copies the mapped input fields onto `row`. `absent` says what a field the caller left out does:
 * 'null' sets the property to null (create: every optional column starts empty), 'keep' leaves it
 * (update: only what was sent changes; an explicit null clears).
 */
export function assignFields<Input extends object, Entity extends object, Handled extends keyof Input>(
  row: Entity,
  input: Input,
  map: FieldMap<Input, Entity, Handled>,
  absent: 'null' | 'keep',
): Entity {
  const target = row as Record<string, unknown>;
  const source = input as Record<string, unknown>;
  for (const [field, prop] of Object.entries(map) as [string, string][]) {
    const value = source[field];
    if (value !== undefined) target[prop] = value;
    else if (absent === 'null') target[prop] = null;
  }
  return row;
}
