import { Type } from '@nestjs/common';
import { plainToInput } from './plain-to-input';
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
  addConstraintMetadata(metadata: object): void;
  getTargetValidatorConstraints(target: object): { instance: { validate(value: unknown, args: object): unknown } }[];
};
function rememberRules(storage: Storage) {
  const rules = new Map<object, object[]>();
  const grouped = new WeakMap<object[], Record<string, object[]>>();
  const gather = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    rules.clear();
    checkers.clear();
    add(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    checkers.clear();
    addConstraint(metadata);
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
const storage = getMetadataStorage() as unknown as Storage;

// A valid call's arguments are checked once more cheaply: per input class, its rules are compiled
// once into a function that answers only "would class-validator find no error here?". It runs the
// class's own validator functions with the arguments class-validator gives them, in a plain loop
// (class-validator builds an error object per property, filters the rules per property, and goes
// through promises on every call: ~6 % of a jobs.create's server CPU). When the answer is "no", or
// for a class with a rule it does not know (only ValidateIf, the validator functions, ValidateNested
// and Allow are compiled), class-validator itself runs and its errors are the ones reported, so
// every error text and kind is class-validator's, as before; a validator that answers with a promise
// also goes to class-validator. The compiled rules are forgotten whenever a rule is added.
type Rule = {
  type: string;
  propertyName: string;
  constraints: unknown[];
  constraintCls: object;
  each?: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
};
type Checker = (object: Record<string, unknown>) => boolean;
type RuleCheck = (object: object, value: unknown) => boolean;
const checkers = new Map<unknown, Checker>();
rememberRules(storage);
const NEVER: Checker = () => false;
const isPromise = (v: unknown) => v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';

/** True when class-validator (with parseInput's options) would find no error in `object`; false when it might. */
export function surelyValid(object: unknown): boolean {
  if (object === null || typeof object !== 'object') return false;
  return checkerFor(object.constructor)(object as Record<string, unknown>);
}

function checkerFor(ctor: unknown): Checker {
  if (typeof ctor !== 'function') return NEVER;
  let checker = checkers.get(ctor);
  if (!checker) checkers.set(ctor, (checker = compile(ctor)));
  return checker;
}

function compile(ctor: object): Checker {
  const rules = storage.getTargetValidationMetadatas(ctor, undefined, false, false, undefined) as Rule[];
  // forbidUnknownValues: a class without rules is an error
  if (!rules.length) return NEVER;
  const grouped = storage.groupByPropertyName(rules) as Record<string, Rule[]>;
  const props: { name: string; when: Rule['validateIf'][]; checks: RuleCheck[]; nested: boolean }[] = [];
  for (const name of Object.keys(grouped)) {
    const when: Rule['validateIf'][] = [];
    const checks: RuleCheck[] = [];
    let nested = false;
    for (const rule of grouped[name]) {
      if (rule.type === 'conditionalValidation') when.push(rule.constraints[0] as Rule['validateIf']);
      else if (rule.type === 'nestedValidation') nested = true;
      else if (rule.type === 'customValidation') checks.push(compileRule(rule));
      else if (rule.type !== 'whitelistValidation') return NEVER; // IsDefined, ValidatePromise: class-validator decides
    }
    props.push({ name, when, checks, nested });
  }
  return (object) => {
    // whitelist with forbidNonWhitelisted: every key must have a rule (class-validator's own test)
    for (const key of Object.keys(object)) {
      const g = grouped[key];
      if (!g || g.length === 0) return false;
    }
    for (const p of props) {
      const value = object[p.name];
      let go = true;
      for (const w of p.when) if (!w!(object, value)) go = false;
      if (!go) continue;
      for (const check of p.checks) if (!check(object, value)) return false;
      if (p.nested && value !== undefined && !nestedValid(value)) return false;
    }
    return true;
  };
}

function compileRule(rule: Rule): RuleCheck {
  const validators = storage.getTargetValidatorConstraints(rule.constraintCls).map((c) => c.instance);
  const { propertyName, constraints, each, validateIf } = rule;
  return (object, value) => {
    if (validateIf && !validateIf(object, value)) return true;
    for (const v of validators) {
      const args = { targetName: object.constructor ? object.constructor.name : undefined, property: propertyName, object, value, constraints };
      if (!each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
        const ok = v.validate(value, args);
        if (!ok || isPromise(ok)) return false;
      } else {
        if (!Array.isArray(value)) return false;
        for (const item of value) {
          const ok = v.validate(item, args);
          if (!ok || isPromise(ok)) return false;
        }
      }
    }
    return true;
  };
}

// ValidateNested: each item of an array (at any depth), or the object itself, validated by its own class's rules
function nestedValid(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== undefined && !nestedValid(item)) return false;
    return true;
  }
  if (value instanceof Set || value instanceof Map) return false;
  if (value instanceof Object) return checkerFor(value.constructor)(value as Record<string, unknown>);
  return false;
}

/** Validates raw tool arguments into the tool's input class, or throws invalid_input with per-field issues. */
export async function parseInput<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const raws = rawIssues(raw, '', []);
  if (raws.length) throw InvalidInput(raws);
  const obj = plainToInput(cls, raw ?? {});
  if (surelyValid(obj)) return obj;
  const errors = await validate(obj, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) throw InvalidInput(flatten(errors));
  return obj;
}
