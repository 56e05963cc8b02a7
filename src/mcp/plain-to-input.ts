import { Type } from '@nestjs/common';
import { plainToInstance, TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';

// class-transformer's own rule store and default options (the package exports neither from its index)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultOptions } = require('class-transformer/cjs/constants/default-options.constant') as { defaultOptions: object };

// plainToInstance(cls, raw, { exposeDefaultValues: true }) for a tool's arguments, compiled once per
// input class: class-transformer looks up each key's @Type, @Transform, @Expose and @Exclude rules
// on every call and for every nested object (~8 % of a deep jobs.list page's server CPU). Here they
// are looked up once per class, and a call's arguments are copied in a plain loop, doing what
// class-transformer does for them: a new instance of the class, each key of the arguments in their
// order, an array copied item by item, an object under @Type made an instance of its class the same
// way, and the key's @Transform functions applied in their order, with the arguments class-transformer
// gives them. Anything else goes to class-transformer itself, so the result is always its result:
// a class with @Expose, @Exclude or a strategy, a @Type with a discriminator, to a built-in type or
// to something other than an array, a key the class has no rule for (invalid_input follows anyway),
// a key that names a method or accessor, an object where no @Type says its class, a value that is
// not JSON (undefined, a Map, a Date, an object with another prototype). test/compiled-validation.spec.ts
// compares the two on every tool's valid and fuzzed arguments.

const OPTIONS = { ...defaultOptions, exposeDefaultValues: true };
type Transform = { transformFn: (p: { value: unknown; key: string; obj: unknown; type: TransformationType; options: unknown }) => unknown; options?: { groups?: string[] } };
type Prop = { transforms: Transform[]; type?: () => unknown };
type Plan = { ctor: Type<object>; props: Map<string, Prop> };

const BAIL = Symbol('bail');
const plans = new Map<unknown, Plan | null>();

// rules added after a class was compiled (decorators run when a class is defined) take effect
for (const method of ['addTypeMetadata', 'addTransformMetadata', 'addExposeMetadata', 'addExcludeMetadata'] as const) {
  const storage = defaultMetadataStorage as unknown as Record<string, (m: unknown) => void>;
  const add = storage[method].bind(storage);
  storage[method] = (m) => {
    plans.clear();
    add(m);
  };
}

/** plainToInstance(cls, raw, { exposeDefaultValues: true }), the same result, cheaper. */
export function plainToInput<T extends object>(cls: Type<T>, raw: unknown): T {
  return compiledPlainToInput(cls, raw) ?? plainToInstance(cls, raw, { exposeDefaultValues: true });
}

/** The compiled copy, or undefined where it leaves the arguments to class-transformer. */
export function compiledPlainToInput<T extends object>(cls: Type<T>, raw: unknown): T | undefined {
  const plan = planFor(cls);
  const out = plan ? instance(plan, raw) : BAIL;
  return out === BAIL ? undefined : (out as T);
}

function planFor(ctor: unknown): Plan | null {
  let plan = plans.get(ctor);
  if (plan === undefined) plans.set(ctor, (plan = compile(ctor as Type<object>)));
  return plan;
}

function compile(ctor: Type<object>): Plan | null {
  if (typeof ctor !== 'function') return null;
  if (defaultMetadataStorage.getStrategy(ctor) !== 'none') return null;
  if (defaultMetadataStorage.getExposedMetadatas(ctor).length || defaultMetadataStorage.getExcludedMetadatas(ctor).length) return null;
  const sample = new ctor() as Record<string, unknown>;
  const props = new Map<string, Prop>();
  // the keys a valid call may carry: the class's fields (an instance has them as ES2022 class fields) and those with a validation rule
  const names = new Set(Object.keys(sample));
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(ctor, undefined as unknown as string, false, false)) names.add(rule.propertyName);
  for (const name of names) {
    if (name === '__proto__' || name === 'constructor' || Object.getOwnPropertyDescriptor(ctor.prototype, name) || sample[name] instanceof Function) continue;
    const transforms = (defaultMetadataStorage.findTransformMetadatas(ctor, name, TransformationType.PLAIN_TO_CLASS) as Transform[]).filter(
      (t) => !t.options || !t.options.groups || !t.options.groups.length,
    );
    const typeMeta = defaultMetadataStorage.findTypeMetadata(ctor, name);
    let type: Prop['type'];
    if (typeMeta) {
      if (typeMeta.options?.discriminator || typeMeta.reflectedType !== Array || !typeMeta.typeFunction || typeMeta.typeFunction.length > 0) continue; // not a key the plan takes
      const fn = typeMeta.typeFunction;
      type = () => fn({ newObject: undefined, object: undefined, property: name } as never);
    }
    props.set(name, { transforms, type });
  }
  return { ctor, props };
}

const isPlainObject = (v: object) => Object.getPrototypeOf(v) === Object.prototype;

function instance(plan: Plan, raw: unknown): object | typeof BAIL {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !isPlainObject(raw)) return BAIL;
  const obj = new plan.ctor() as Record<string, unknown>;
  const plain = raw as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    const prop = plan.props.get(key);
    if (!prop) return BAIL;
    const sub = plain[key];
    if (sub === undefined) return BAIL;
    let value = copy(sub, prop.type);
    if (value === BAIL) return BAIL;
    for (const t of prop.transforms) value = t.transformFn({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: OPTIONS });
    obj[key] = value;
  }
  return obj;
}

// class-transformer's transform() of one value under a @Type (a class) or none, for JSON values
function copy(value: unknown, type: Prop['type']): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : BAIL;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const v = copy(item, type);
      if (v === BAIL) return BAIL;
      out.push(v);
    }
    return out;
  }
  if (!type || !isPlainObject(value)) return BAIL;
  const cls = type();
  if (typeof cls !== 'function' || cls === String || cls === Number || cls === Boolean || cls === Date || cls === Buffer || cls === Object || cls === Array) return BAIL;
  const plan = planFor(cls);
  return plan ? instance(plan, value) : BAIL;
}
