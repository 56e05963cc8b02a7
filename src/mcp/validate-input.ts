import { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationError } from 'class-validator';
import { InvalidInput, Issue } from '../common/errors';

function flatten(errors: ValidationError[], prefix = ''): Issue[] {
  const out: Issue[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      // one message per field: the first rule it broke reads best
      const [key, msg] = Object.entries(e.constraints)[0];
      // a required field that is absent broke every rule it has: say what to do, not the first rule
      const message = key === 'whitelistValidation' ? `${path} is not a known field` : e.value === undefined ? `${path} is required` : msg.replace(/^[\w.]+ /, `${path} `);
      out.push({ path, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

// What the class validators cannot see, checked on the raw arguments at any depth:
// - keys class-transformer skips when it builds the input object (so the whitelist never sees them
//   and the argument would be silently ignored): Object.prototype's own names (constructor,
//   toString, valueOf, hasOwnProperty, __proto__, …) and prototype; they are nobody's field name;
// - NUL characters, which no PostgreSQL text column can store (the insert or even a search would
//   fail as an internal error);
// - unpaired UTF-16 surrogates ("\ud800"), which are not Unicode text: PostgreSQL's json refuses
//   them (the audit record) and validator's isEmail throws on them;
// - nesting deeper than MAX_NESTING: no tool's input goes past 3 levels, and class-transformer
//   recurses once per level (a few thousand levels overflow the stack), so deeper values are refused
//   here, before any transformation, naming the field where the limit was passed.
/** How deeply objects and arrays may nest inside a tool's arguments (the arguments object is level 0). */
export const MAX_NESTING = 8;
const isHiddenKey = (key: string) => key === 'prototype' || key in Object.prototype;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function rawIssues(value: unknown, path: string, out: Issue[], depth = 0): Issue[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path, message: `${path} must not contain NUL (\\u0000) characters` });
    else if (LONE_SURROGATE.test(value)) out.push({ path, message: `${path} must be valid Unicode text (it has an unpaired surrogate)` });
    return out;
  }
  if (value === null || typeof value !== 'object') return out;
  if (depth > MAX_NESTING) {
    out.push({ path, message: `${path} is nested too deeply: objects and arrays may nest at most ${MAX_NESTING} levels` });
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (isHiddenKey(key) && !Array.isArray(value)) out.push({ path: here, message: `${here} is not a known field` });
    else if (key.includes('\u0000') || LONE_SURROGATE.test(key)) out.push({ path: here, message: `${here} is not a known field` });
    else rawIssues(child, here, out, depth + 1);
  }
  return out;
}

// class-validator (0.15) gathers a class's rules on every validate() call, and for every nested
// object: it filters the class's own rules and tests the class against every class that has rules
// (`instanceof`, a hundred-odd input classes here), then groups them by property. The answer only
// changes when rules are added (decorators run when a class is defined), so it is remembered per
// class and forgotten whenever a rule is added. Same rules, same order, same errors; measured at
// ~6 % of a jobs.create's server CPU (README, "Benchmark").
type Storage = {
  getTargetValidationMetadatas(target: object, schema: string | undefined, always: boolean, strictGroups: boolean, groups?: string[]): object[];
  groupByPropertyName(metadata: object[]): Record<string, object[]>;
  addValidationMetadata(metadata: object): void;
};
function rememberRules(storage: Storage) {
  const rules = new Map<object, object[]>();
  const grouped = new WeakMap<object[], Record<string, object[]>>();
  const gather = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    rules.clear();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // only the options parseInput validates with are remembered (no schema, groups or always)
    if (schema !== undefined || always || strictGroups || groups?.length) return gather(target, schema, always, strictGroups, groups);
    let found = rules.get(target);
    if (!found) rules.set(target, (found = gather(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let byName = grouped.get(metadata);
    if (!byName) grouped.set(metadata, (byName = group(metadata)));
    return byName;
  };
}
rememberRules(getMetadataStorage() as unknown as Storage);

/** Validates raw tool arguments into the tool's input class, or throws invalid_input with per-field issues. */
export async function parseInput<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const raws = rawIssues(raw, '', []);
  if (raws.length) throw InvalidInput(raws);
  const obj = plainToInstance(cls, raw ?? {}, { exposeDefaultValues: true });
  const errors = await validate(obj, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) throw InvalidInput(flatten(errors));
  return obj;
}
