import fc from 'fast-check';

// JSON Schema (the subset our tools/list emits) → fast-check arbitraries.
//   validArgs(schema, ids): arguments that satisfy the schema (types, enums, formats uuid, date,
//     date-time, email, pattern #RRGGBB, min/max lengths and values, arrays, nested objects), with
//     uuids drawn mostly from `ids` so that calls hit real rows.
//   fuzzArgs(schema, ids): valid arguments, or valid arguments with one to three mutations
//     (wrong types, boundary and huge lengths, unicode, NUL bytes, injection-looking strings, extra
//     fields, nested junk, missing required fields, odd dates and numbers), or no object at all.

type Schema = Record<string, any>;

const typesOf = (s: Schema): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const dateArb = fc
  .record({ y: fc.integer({ min: 1990, max: 2060 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);
const dateTimeArb = fc
  .record({
    date: dateArb,
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    z: fc.constantFrom('Z', '.000Z', '+02:00', '-05:30', '.123456+16:00', '-23:59'),
  })
  .map(({ date, h, mi, z }) => `${date}T${pad(h)}:${pad(mi)}:00${z}`);
const hexColor = fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: 6, maxLength: 6 }).map((cs) => `#${cs.join('')}`);
/** money-like numbers: whole, two decimals, and a few boundaries */
const numberIn = (min: number, max: number, integer: boolean, exclusiveMin?: number) => {
  const lo = exclusiveMin !== undefined ? exclusiveMin : min;
  const arbs: fc.Arbitrary<number>[] = [fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) })];
  if (!integer) {
    arbs.push(fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(Math.min(max * 100, Number.MAX_SAFE_INTEGER)) }).map((c) => c / 100));
    arbs.push(fc.constantFrom(...[lo, max, 0.01, 1, 0.1].filter((v) => v >= lo && v <= max)));
  }
  return fc.oneof(...arbs).filter((v) => (exclusiveMin === undefined || v > exclusiveMin) && v >= min && v <= max);
};

function stringArb(s: Schema, ids: string[]): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...s.enum);
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 300, 300);
  switch (s.format) {
    case 'uuid':
      // ids are case-insensitive: the upper-case spelling of a real id is that record
      return ids.length
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...ids), weight: 3 },
            { arbitrary: fc.constantFrom(...ids).map((id) => id.toUpperCase()), weight: 1 },
            { arbitrary: fc.uuid(), weight: 1 },
          )
        : fc.uuid();
    case 'date':
      return dateArb;
    case 'date-time':
      return dateTimeArb;
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 320));
  }
  if (s.pattern === '^#[0-9A-Fa-f]{6}$') return hexColor;
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  return fc
    .oneof(
      { arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40) }), weight: 4 },
      { arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }), weight: 1 },
      { arbitrary: fc.constant('x'.repeat(Math.max(minLength, maxLength))), weight: 1 },
    )
    .filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Infinity));
}

/** A value that satisfies `s`. */
export function valueArb(s: Schema, ids: string[]): fc.Arbitrary<unknown> {
  // an enum's values, null among them for a @Nullable() enum
  if (s.enum) return fc.constantFrom(...s.enum);
  // the null branch of a nullable field is null (it used to give a random string, an invalid value
  // in validArgs); drawn as that string and mapped to null, so that seeded runs (FUZZ_SEED replays,
  // the not-vacuous check) draw mostly the same values as before
  if (s.type === 'null')
    return fc.oneof(
      stringArb(s, ids).map(() => null),
      fc.constant(null),
    );
  // nullable fields are published as anyOf [X, null] (portable schemas): mostly X, sometimes null
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((b: Schema) => ({ arbitrary: valueArb(b, ids), weight: b.type === 'null' ? 1 : 4 })));
  const types = typesOf(s).filter((t) => t !== 'null');
  const nullable = typesOf(s).includes('null');
  const arbs: fc.Arbitrary<unknown>[] = [];
  for (const t of types.length ? types : s.properties ? ['object'] : ['string']) {
    if (t === 'string') arbs.push(stringArb(s, ids));
    else if (t === 'integer' || t === 'number') arbs.push(numberIn(s.minimum ?? -1_000_000, s.maximum ?? 1_000_000, t === 'integer', s.exclusiveMinimum));
    else if (t === 'boolean') arbs.push(fc.boolean());
    else if (t === 'array') {
      const bounds = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) };
      // uniqueItems (id lists): the same id twice, in any case, is not a valid call
      arbs.push(
        s.uniqueItems
          ? fc.uniqueArray(valueArb(s.items ?? {}, ids), { ...bounds, selector: (v) => JSON.stringify(v).toLowerCase() })
          : fc.array(valueArb(s.items ?? {}, ids), bounds),
      );
    } else if (t === 'object') arbs.push(validArgs(s, ids));
  }
  if (nullable) arbs.push(fc.constant(null));
  return fc.oneof(...arbs);
}

// Two strings whose schema says only "a string" but whose meaning a random string never hits:
// recurrence rules and IANA time zones get realistic values (plus the random ones) so the
// recurrence engine is exercised, not only the validator in front of it.
const rruleParts = (r: Record<string, unknown>) =>
  Object.entries(r)
    .map(([k, v]) => `${k.toUpperCase()}=${Array.isArray(v) ? v.join(',') : v}`)
    .join(';');
const friendlyRruleArb = fc
  .record(
    {
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      interval: fc.integer({ min: 1, max: 12 }),
      byday: fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { minLength: 1 }),
      bymonthday: fc.integer({ min: -31, max: 31 }).filter((d) => d !== 0),
      count: fc.integer({ min: 1, max: 400 }),
      until: dateArb.map((d) => d.replaceAll('-', '')),
    },
    { requiredKeys: ['freq'] },
  )
  .map(rruleParts);

const ALL_WEEKS = Array.from({ length: 53 }, (_, i) => i + 1).join(',');
/** Rules rrule 2.8 walked to the year 9999 (0.8 to 17 s of CPU, the event loop held; issue 14 A1). */
export const STALLING_RRULES = [
  'FREQ=DAILY;BYSETPOS=2',
  `FREQ=DAILY;BYWEEKNO=${ALL_WEEKS};BYSETPOS=2`,
  'FREQ=DAILY;BYWEEKNO=1;BYMONTH=6',
  'FREQ=DAILY;INTERVAL=7;BYDAY=TU', // from a day that is not a Tuesday: every 7th day never is one
  'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6',
  'FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29', // from a year after a leap year: never a leap year
  'FREQ=DAILY;COUNT=366;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=DAILY;INTERVAL=1000;BYSETPOS=-1;BYMONTH=2;BYMONTHDAY=29',
];
// What an attacker writes: every part the validator lets through, at its limits, rarely matching together.
const hostileRruleArb = fc.oneof(
  fc.constantFrom(...STALLING_RRULES),
  fc
    .record(
      {
        freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'HOURLY', 'MINUTELY', 'SECONDLY'),
        interval: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 1001, 2 ** 31, 1e20)),
        bysetpos: fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 5 }),
        byweekno: fc.array(fc.integer({ min: -54, max: 54 }), { minLength: 1, maxLength: 60 }),
        byyearday: fc.array(fc.integer({ min: -367, max: 367 }), { minLength: 1, maxLength: 5 }),
        bymonth: fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 3 }),
        bymonthday: fc.array(fc.integer({ min: -32, max: 32 }), { minLength: 1, maxLength: 3 }),
        byday: fc.array(
          fc.tuple(fc.constantFrom('', '1', '-1', '5', '53', '-53'), fc.constantFrom('MO', 'TU', 'SA')).map(([n, d]) => n + d),
          { minLength: 1, maxLength: 3 },
        ),
        byhour: fc.integer({ min: 0, max: 23 }),
        count: fc.integer({ min: 1, max: 366 }),
        until: dateArb.map((d) => d.replaceAll('-', '')),
        wkst: fc.constantFrom('MO', 'SU', 'XX'),
      },
      { requiredKeys: ['freq'] },
    )
    .map(rruleParts),
);
const rruleArb = fc.oneof(friendlyRruleArb, hostileRruleArb);
const timeZoneArb = fc.constantFrom(...Intl.supportedValuesOf('timeZone'), 'UTC');
const BY_NAME: Record<string, fc.Arbitrary<unknown>> = { rrule: rruleArb, timezone: timeZoneArb };

/** Arguments that satisfy an object schema (a property whose schema is `{not: {}}` is never given). */
export function validArgs(s: Schema, ids: string[]): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries<Schema>(s.properties ?? {}).filter(([, p]) => !p.not);
  const model = Object.fromEntries(
    props.map(([k, p]) => [k, BY_NAME[k] ? fc.oneof({ arbitrary: BY_NAME[k], weight: 4 }, { arbitrary: valueArb(p, ids), weight: 1 }) : valueArb(p, ids)]),
  );
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in model) }) as fc.Arbitrary<Record<string, unknown>>;
}

// ── junk ────────────────────────────────────────────────────────────────────────────────────────

export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE jobs; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '%',
  '_',
  '\\',
  '%_\\%',
  '$1',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%s%n%x',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202Egnp.exe',
  'Z\u0351\u0368\u0346\u0353\u036D\u0364a\u0352\u0308',
  '👩‍👩‍👧‍👦🇺🇳',
  'ｆｕｌｌｗｉｄｔｈ',
  '\r\n\t\v\f',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000G',
  '2024-02-30',
  '2023-02-29',
  '0000-01-01',
  '9999-12-31',
  '-000001-01-01',
  '2024-13-01',
  '2024-01-01T25:61:61Z',
  '2024-01-01T00:00:00+99:00',
  '275760-09-13T00:00:00.001Z',
  'FREQ=SECONDLY;INTERVAL=1',
  'FREQ=MINUTELY',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=DAILY;COUNT=0',
  'FREQ=DAILY;INTERVAL=0',
  'FREQ=DAILY;INTERVAL=-1',
  'FREQ=DAILY;UNTIL=99991231T000000Z',
  'FREQ=DAILY;UNTIL=19000101',
  'FREQ=WEEKLY;BYSETPOS=400',
  'FREQ=YEARLY;BYYEARDAY=367',
  'FREQ=DAILY;BYHOUR=25',
  'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=100000',
  'DTSTART:20240101T000000Z\nRRULE:FREQ=DAILY',
  'RRULE:FREQ=WEEKLY;BYDAY=XX',
  'FREQ=WEEKLY;BYDAY=MO,MO,MO',
  'Mars/Olympus_Mons',
  'Etc/GMT+14',
  '+05:00',
  'local',
  'europe/london',
  '__proto__',
  'constructor',
  'toString',
];
const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.001,
  0.005,
  1.005,
  33.335,
  0.1 + 0.2,
  1e-7,
  1e21,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  9999999999.99,
  10000000000,
  366,
  367,
  100000,
  100001,
];

const nastyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 50 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }), weight: 2 },
  { arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'é'.repeat(n)), weight: 1 },
  { arbitrary: fc.constantFrom(...NASTY_STRINGS).map((x) => x.repeat(2000)), weight: 1 },
);
// nesting far past the limit (MAX_NESTING in src/mcp/validate-input.ts), up to the depths that
// overflowed class-transformer's recursion (about 2,000)
const deepJunk: fc.Arbitrary<unknown> = fc.oneof(fc.integer({ min: 5, max: 300 }), fc.constantFrom(1_000, 2_000, 4_000)).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

/** Any JSON value at all, leaning towards the ones that break things. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.constantFrom(...NASTY_NUMBERS), weight: 3 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }, JSON.parse('{"__proto__":{"x":1}}'), [[[]]]), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: deepJunk, weight: 1 },
  { arbitrary: fc.array(fc.uuid(), { minLength: 101, maxLength: 600 }), weight: 1 },
);

const DATE_EDGES = [
  '2024-02-30',
  '2023-02-29',
  '2024-04-31',
  '0000-01-01',
  '0001-01-01',
  '1900-01-01',
  '9999-12-31',
  '-000001-01-01',
  '+275760-09-13',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '20240101',
  '2024-01-01T00:00:00Z',
  '2024-W01-1',
  '2024-001',
];
const DATE_TIME_EDGES = [
  '2024-01-01T25:61:61Z',
  '2024-01-01T24:00:00Z',
  '2024-02-30T10:00:00Z',
  '2024-01-01T00:00:00+99:00',
  '275760-09-13T00:00:00.001Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '1970-01-01T00:00:00Z',
  '2024-01-01',
  '2024-01-01T10:00:00',
  '2024-01-01 10:00:00Z',
  '2024-03-31T01:30:00+01:00',
  '2024-01-01T10:00:00.123456789123Z',
  '2026-01-01T00:00:00+16:00',
  '2026-01-01T00:00:00-23:59',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00+15:60',
  '1900-01-01T00:30:00+01:00',
  '9999-12-31T23:30:00-01:00',
];
const UUID_EDGES = [
  'not-a-uuid',
  '{00000000-0000-0000-0000-000000000000}',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'a0eebc999c0b4ef8bb6d6bb9bd380a11',
  'urn:uuid:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  '',
];

/** A value breaking `s` at its edges: one past a length or value limit, odd dates, wrong types, etc. */
function edgeOf(s: Schema): fc.Arbitrary<unknown> {
  const targeted: fc.Arbitrary<unknown>[] = [];
  const types = typesOf(s);
  if (s.format === 'date') targeted.push(fc.constantFrom(...DATE_EDGES));
  else if (s.format === 'date-time') targeted.push(fc.constantFrom(...DATE_TIME_EDGES));
  else if (s.format === 'uuid' || s.items?.format === 'uuid')
    targeted.push(
      fc.constantFrom(...UUID_EDGES),
      fc.constantFrom(...UUID_EDGES).map((u) => [u]),
    );
  else if (types.includes('string')) targeted.push(nastyString);
  if (s.maxLength !== undefined) targeted.push(fc.constantFrom('y'.repeat(s.maxLength + 1), 'ü'.repeat(s.maxLength), '😀'.repeat(s.maxLength), '😀'.repeat(s.maxLength + 1)));
  if (s.minLength) targeted.push(fc.constant('y'.repeat(s.minLength - 1)));
  if (types.includes('number') || types.includes('integer')) {
    targeted.push(fc.constantFrom(...NASTY_NUMBERS, '12', '1e3', 1.5, 1.234, 1.0001, 0.015));
    if (s.maximum !== undefined) targeted.push(fc.constantFrom(s.maximum, s.maximum + 1, s.maximum + 0.001, s.maximum + 1e-9, s.maximum - 0.001));
    if (s.minimum !== undefined) targeted.push(fc.constantFrom(s.minimum, s.minimum - 1, s.minimum - 0.001));
    if (s.exclusiveMinimum !== undefined) targeted.push(fc.constantFrom(s.exclusiveMinimum, s.exclusiveMinimum + 0.0001, s.exclusiveMinimum + 0.001));
  }
  if (s.maxItems !== undefined && s.items) {
    targeted.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => (s.items.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : {}))));
    if (s.items.format === 'uuid') targeted.push(fc.constant(['00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000']));
  }
  // near misses of an enum's text values (an enum may also list null, or numbers)
  const words: string[] = (s.enum ?? []).filter((e: unknown): e is string => typeof e === 'string');
  if (words.length) targeted.push(fc.constantFrom(...words.map((e) => e.toUpperCase()), ...words.map((e) => ` ${e}`)));
  return fc.oneof({ arbitrary: fc.oneof(...(targeted.length ? targeted : [junk])), weight: 3 }, { arbitrary: junk, weight: 1 });
}

type Mutation = (value: any) => unknown;

/** Mutations of a value of schema `s`, reaching into nested objects and array items. */
function mutationsOf(s: Schema, depth = 0): fc.Arbitrary<Mutation> {
  const props = Object.entries<Schema>(s.properties ?? {});
  const obj = (v: any) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
  const arbs: fc.Arbitrary<Mutation>[] = [
    // replace the whole value
    edgeOf(s).map((x) => () => x),
    // an extra field
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 20 }), fc.constantFrom('tenant_id', 'tenantId', 'created_by', 'archived_at', 'deleted_at', 'total')),
        junk,
      )
      .map(
        ([k, x]) =>
          (v: any) =>
            Object.defineProperty({ ...obj(v) }, k, { value: x, enumerable: true, writable: true, configurable: true }),
      ),
  ];
  if (props.length) {
    // one property set to a value breaking its own schema
    arbs.push(fc.constantFrom(...props).chain(([k, p]) => edgeOf(p).map((x) => (v: any) => ({ ...obj(v), [k]: x }))));
  }
  const required: string[] = s.required ?? [];
  if (required.length) {
    arbs.push(
      fc.constantFrom(...required).map((k) => (v: any) => {
        const { [k]: _gone, ...rest } = obj(v);
        return rest;
      }),
    );
  }
  if (depth < 3) {
    for (const [k, p] of props) {
      if (p.properties) arbs.push(mutationsOf(p, depth + 1).map((m) => (v: any) => ({ ...obj(v), [k]: m(obj(v)[k]) })));
      if (p.items?.properties) {
        arbs.push(
          fc.tuple(mutationsOf(p.items, depth + 1), validArgs(p.items, [])).map(([m, item]) => (v: any) => {
            const list = Array.isArray(obj(v)[k]) && obj(v)[k].length ? [...obj(v)[k]] : [item];
            list[0] = m(list[0]);
            return { ...obj(v), [k]: list };
          }),
        );
      }
    }
  }
  return fc.oneof(...arbs);
}

/**
 * Valid arguments, mutated ones, or something that is not an arguments object at all. `known`
 * gives arguments known to succeed (the world's valid call): generated ones are also blended into
 * them, field by field, so that mutations reach the code behind validation too.
 */
export function fuzzArgs(s: Schema, ids: string[], known?: () => Record<string, unknown>): fc.Arbitrary<unknown> {
  const generated = validArgs(s, ids);
  const valid = known
    ? fc.oneof(
        generated,
        fc.constant(null).map(() => known()),
        fc
          .tuple(
            generated,
            fc.constant(null).map(() => known()),
          )
          .chain(([g, k]) => fc.subarray(Object.keys(g)).map((keys) => ({ ...k, ...Object.fromEntries(keys.map((key) => [key, g[key]])) }))),
      )
    : generated;
  const mutated = fc.tuple(valid, fc.array(mutationsOf(s), { minLength: 1, maxLength: 3 })).map(([args, ms]) => ms.reduce<unknown>((v, m) => m(v), args));
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: mutated, weight: 6 }, { arbitrary: junk, weight: 1 });
}
