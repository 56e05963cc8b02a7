import { Transform, TransformFnParams, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

// Small, composable input rules shared by every entity's DTOs. Each one also describes itself in
// the JSON Schema that tools/list shows, so validation and schema come from one class.

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

type Schema = Record<string, unknown>;
/** Adds to the property's generated JSON Schema (several calls merge). */
export function SchemaHint(extra: Schema | ((s: Schema) => Schema)): PropertyDecorator {
  return (target, key) => {
    const prev = Reflect.getMetadata('zoop:schema-hints', target, key) ?? [];
    const hints = [...prev, extra];
    Reflect.defineMetadata('zoop:schema-hints', hints, target, key);
    JSONSchema(((s: Schema) => hints.reduce((acc: Schema, h: any) => (typeof h === 'function' ? h(acc) : { ...acc, ...h }), s)) as any)(target, key as string);
  };
}

/** Strings are trimmed before they are validated. */
export const Trim = () => Transform(({ value }: TransformFnParams) => (typeof value === 'string' ? value.trim() : value));

const lowerCase = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

/**
 * A record id: a UUID in any case, lower-cased before it is validated, so every service, query
 * and comparison sees one spelling (an upper-case id of one's own record is that record).
 */
export const IsId = (): PropertyDecorator =>
  compose(
    Transform(({ value }: TransformFnParams) => lowerCase(value)),
    IsUUID('all'),
  );

/** A list of at most `max` record ids, each lower-cased as by IsId; the same id twice is refused (after lower-casing). */
export const IsIdList = (max: number, opts: { message?: string } = {}): PropertyDecorator =>
  compose(
    Transform(({ value }: TransformFnParams) => (Array.isArray(value) ? value.map(lowerCase) : value)),
    IsArray(),
    ArrayMaxSize(max),
    IsUUID('all', { each: true, ...opts }),
    ArrayUnique({ message: '$property must not list the same id twice (ids are compared case-insensitively)' }),
  );

/** May be omitted, but not null. */
export const Optional = (): PropertyDecorator => ValidateIf((_o, v) => v !== undefined);

/** May be omitted: a list of at most `max` objects, each validated as `cls` (e.g. a document's line items). */
export const ObjectList = (cls: () => new () => object, max: number): PropertyDecorator =>
  // in the order a stack of these decorators written top to bottom is applied (bottom first)
  compose(Type(cls), ValidateNested({ each: true }), IsObject({ each: true }), ArrayMaxSize(max), IsArray(), Optional());

/**
 * May be omitted or null (null clears the field). The schema says so: `type: [X, "null"]`, and an
 * enum (@IsIn) lists null among its values, or the schema would refuse the null the server takes
 * (tools/list publishes it as `anyOf: [{type: X, enum}, {type: "null"}]`, see portableSchema).
 */
export const Nullable = (): PropertyDecorator =>
  compose(
    ValidateIf((_o, v) => v !== undefined && v !== null),
    SchemaHint((s) => {
      if (typeof s.type !== 'string') return { anyOf: [s, { type: 'null' }] };
      const values = Array.isArray(s.enum) && !s.enum.includes(null) ? { enum: [...s.enum, null] } : {};
      return { ...s, type: [s.type, 'null'], ...values };
    }),
  );

function decimalPlaces(n: number): number {
  if (!Number.isFinite(n)) return Infinity;
  const s = String(n);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    return Math.max(0, (m.split('.')[1]?.length ?? 0) - Number(e));
  }
  return s.split('.')[1]?.length ?? 0;
}

function numberRule(name: string, check: (n: number) => boolean, message: string, schema: Schema, opts?: ValidationOptions): PropertyDecorator {
  return compose(
    (target, key) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: key as string,
        options: { message: `${String(key)} ${message}`, ...opts },
        validator: {
          validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && check(v),
          defaultMessage: (a?: ValidationArguments) => `${a?.property} ${message}`,
        },
      }),
    SchemaHint(opts?.each ? { type: 'array', items: schema } : schema),
  );
}

const MONEY_MAX = 9_999_999_999.99;
/** Money: a JSON number ≥ 0 with at most 2 decimals (stored as numeric(12,2)). */
export const IsMoney = (opts?: ValidationOptions) =>
  numberRule(
    'isMoney',
    (n) => n >= 0 && n <= MONEY_MAX && decimalPlaces(n) <= 2,
    'must be a number from 0 to 9999999999.99 with at most 2 decimals',
    { type: 'number', minimum: 0, maximum: MONEY_MAX },
    opts,
  );

/** Quantity: a positive number with at most 3 decimals. */
export const IsQuantity = (opts?: ValidationOptions) =>
  numberRule(
    'isQuantity',
    (n) => n > 0 && n <= 999_999_999 && decimalPlaces(n) <= 3,
    'must be a positive number with at most 3 decimals',
    { type: 'number', exclusiveMinimum: 0, maximum: 999_999_999 },
    opts,
  );

/** Percentage rate: 0–100 with at most 4 decimals. */
export const IsRate = (opts?: ValidationOptions) =>
  numberRule(
    'isRate',
    (n) => n >= 0 && n <= 100 && decimalPlaces(n) <= 4,
    'must be a percentage from 0 to 100 with at most 4 decimals',
    { type: 'number', minimum: 0, maximum: 100 },
    opts,
  );

/** A calendar date, YYYY-MM-DD, that exists. */
export function IsDateOnly(opts?: ValidationOptions): PropertyDecorator {
  return compose(
    (target, key) =>
      registerDecorator({
        name: 'isDateOnly',
        target: target.constructor,
        propertyName: key as string,
        options: opts,
        validator: {
          validate: (v: unknown) => typeof v === 'string' && isDateOnly(v),
          defaultMessage: (a?: ValidationArguments) => `${a?.property} must be a date in YYYY-MM-DD format, from 1900-01-01 to 9999-12-31`,
        },
      }),
    SchemaHint({ type: 'string', format: 'date' }),
  );
}

/** A real calendar date, years 1900-9999 like timestamps (PostgreSQL has no year 0000). */
export function isDateOnly(v: string): boolean {
  return DATE_ONLY.test(v) && isCalendarDate(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10)));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// by arithmetic, not through a Date and its ISO text (they cost a timestamp argument ~2 µs, twice per
// argument: normalised, then validated); src/common/validation.spec.ts checks both agree on every day
const isCalendarDate = (y: number, m: number, d: number) => y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/**
 * An ISO 8601 date-time with a time zone (Z or ±hh:mm, hh up to 23), e.g. 2026-06-16T09:00:00Z.
 * Every tool takes timestamps by this one rule, and gets them normalised to UTC here, in Node
 * (`2026-01-01T00:00:00+16:00` becomes `2025-12-31T08:00:00Z`), so no query ever hands an offset
 * to PostgreSQL (which refuses ±16:00 and more) and every tool accepts the same values.
 */
export function IsTimestamp(opts?: ValidationOptions): PropertyDecorator {
  return compose(
    Transform(({ value }: TransformFnParams) => (typeof value === 'string' ? (toUtcTimestamp(value) ?? value) : value)),
    (target, key) =>
      registerDecorator({
        name: 'isTimestamp',
        target: target.constructor,
        propertyName: key as string,
        options: opts,
        validator: {
          validate: (v: unknown) => typeof v === 'string' && isTimestamp(v),
          defaultMessage: (a?: ValidationArguments) =>
            `${a?.property} must be an ISO 8601 date-time with a time zone (Z or ±hh:mm), from 1900 to 9999 in UTC, e.g. 2026-06-16T09:00:00Z`,
        },
      }),
    SchemaHint({ type: 'string', format: 'date-time' }),
  );
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The same instant as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (fraction kept digit for digit), or null when `v` is not a valid timestamp. */
export function toUtcTimestamp(v: string): string | null {
  const m = TIMESTAMP.exec(v);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? '0');
  const offH = Number(m[9] ?? '0');
  const offM = Number(m[10] ?? '0');
  if (hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return null;
  // already UTC: the same text toISOString() would print (the date is 1900-9999, so no year moves)
  if (offH === 0 && offM === 0) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}Z`;
  const offset = (m[8] === '-' ? -1 : 1) * (offH * 60 + offM);
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, minute - offset, second));
  const year = utc.getUTCFullYear();
  if (year < 1900 || year > 9999) return null;
  return `${utc.toISOString().slice(0, 19)}${m[7] ?? ''}Z`;
}

export const isTimestamp = (v: string): boolean => toUtcTimestamp(v) !== null;

/** 1-based page number for every list tool. */
/** The argument's description in the tool's inputSchema: what it means to a model, in a few words. */
export const Doc = (description: string): PropertyDecorator => SchemaHint({ description });

export class PageInput {
  @Doc('page number, from 1; 20 rows per page') @Optional() @IsInt() @Min(1) @Max(100_000) page?: number;
  // incremental sync (src/common/sync.ts)
  @Doc('sync: only rows changed at or after this time (RFC 3339); archived, cancelled, voided and ended rows are included unless filtered out')
  @Optional()
  @IsTimestamp()
  updated_since?: string;
  @Doc('"updated_at": oldest change first, ties by id (for sync)') @Optional() @IsIn(['updated_at']) sort?: 'updated_at';
  // a position in the sync order, not a reference to a record: any UUID-shaped value works the same
  @Doc("sync cursor, with updated_since and sort: rows after (updated_since, after); send the last row's updated_at and id, page 1, until a page has < 20 rows")
  @Optional()
  @IsId()
  after?: string;
}
