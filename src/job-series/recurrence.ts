import { DateTime, IANAZone } from 'luxon';
import { Options, RRule } from 'rrule';
import { InvalidField } from '../common/errors';
import { expand, RecurrenceBudgetExceeded } from './expansion';

// The recurrence engine: pure code, no database.
// rrule.js's own TZID handling has long-standing DST bugs, so the rule is expanded on floating
// dates (each local calendar date as UTC midnight) and every occurrence date is then turned into
// an instant with luxon in the series timezone.

const FREQS: Record<string, number> = { DAILY: RRule.DAILY, WEEKLY: RRule.WEEKLY, MONTHLY: RRule.MONTHLY, YEARLY: RRule.YEARLY };
const ALLOWED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'BYWEEKNO', 'BYYEARDAY', 'WKST']);
export const MAX_COUNT = 366;
export const UNTIL_MAX_YEARS = 5;
/** A rule must have an occurrence within this many years of dtstart. */
export const SEARCH_YEARS = 5;

export interface ParsedRule {
  options: Partial<Options>;
  count: number | null;
}

const bad = (message: string) => InvalidField('rrule', message);

/**
 * Validates an RFC 5545 RRULE (without DTSTART/TZID: the series has its own dtstart and timezone).
 * `today` is the caller's calendar date (YYYY-MM-DD) for the UNTIL limit. Every failure is
 * invalid_input naming `rrule`. validateRrule also checks that the rule ever produces a date.
 */
export function parseRrule(rule: string, today: string | null): ParsedRule {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!text) throw bad('rrule must not be empty');
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(part);
    if (!m) throw bad(`"${part}" is not a KEY=VALUE part of an RRULE`);
    const key = m[1].toUpperCase();
    if (['BYHOUR', 'BYMINUTE', 'BYSECOND'].includes(key)) throw bad(`${key} is not allowed: sub-daily recurrence is not supported`);
    if (!ALLOWED.has(key)) throw bad(`${key} is not allowed in rrule`);
    if (seen.has(key)) throw bad(`${key} appears twice`);
    seen.add(key);
    if (key === 'FREQ' && !(m[2].toUpperCase() in FREQS)) throw bad('FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY');
    if (key === 'COUNT' && !/^\d+$/.test(m[2])) throw bad('COUNT must be a whole number from 1 to 366');
    if (key === 'INTERVAL' && !/^\d+$/.test(m[2])) throw bad('INTERVAL must be a positive whole number');
    if (key === 'UNTIL' && !/^\d{8}(T\d{6}Z?)?$/.test(m[2])) throw bad('UNTIL must be a date such as 20271231 or 20271231T000000Z');
  }
  if (!seen.has('FREQ')) throw bad('FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (seen.has('COUNT') && seen.has('UNTIL')) throw bad('COUNT and UNTIL cannot both be given');
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text.toUpperCase());
  } catch (e) {
    throw bad(`rrule is malformed: ${(e as Error).message}`);
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 1000)) throw bad('INTERVAL must be from 1 to 1000');
  const count = options.count ?? null;
  if (count !== null && (count < 1 || count > MAX_COUNT)) throw bad(`COUNT must be between 1 and ${MAX_COUNT}`);
  if (options.until) {
    if (Number.isNaN(options.until.getTime())) throw bad('UNTIL is not a valid date');
    const untilDate = options.until.toISOString().slice(0, 10);
    const limit = today && DateTime.fromISO(today, { zone: 'utc' }).plus({ years: UNTIL_MAX_YEARS }).toISODate()!;
    if (limit && untilDate > limit) throw bad(`UNTIL must be within ${UNTIL_MAX_YEARS} years of today (on or before ${limit})`);
    // floating: UNTIL is a calendar date, inclusive
    options.until = new Date(`${untilDate}T00:00:00Z`);
  }
  try {
    new RRule({ ...options, dtstart: new Date('2000-01-01T00:00:00Z') });
  } catch (e) {
    throw bad(`rrule is malformed: ${(e as Error).message}`);
  }
  return { options, count };
}

export function isValidTimezone(tz: string): boolean {
  // IANA names only: luxon also accepts fixed offsets like "UTC+5", which are not IANA names.
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) && IANAZone.isValidZone(tz);
}

export function todayIn(tz: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: tz }).toISODate()!;
}

const addDays = (date: string, n: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: n }).toISODate()!;

/**
 * The instant of local midnight (or of the local `time`, "HH:MM") of `date` in `tz`. RFC 5545
 * §3.3.5 rule for DST days: a local time that does not exist (clocks jump over it) moves forward
 * by the length of the gap; a local time that exists twice (clocks fall back over it) is the first
 * of the two.
 */
export function localMidnight(date: string, tz: string, time = '00:00'): Date {
  const [h, min] = time.split(':').map(Number);
  const zone = IANAZone.create(tz);
  const wall = DateTime.fromISO(date, { zone: 'utc' }).set({ hour: h, minute: min }).toMillis();
  const offsets = new Set([zone.offset(wall - 86_400_000), zone.offset(wall + 86_400_000), zone.offset(wall)]);
  const valid = [...offsets].map((o) => wall - o * 60_000).filter((utc) => zone.offset(utc) * 60_000 === wall - utc);
  if (valid.length) return new Date(Math.min(...valid));
  // in the gap: luxon shifts forward by the gap
  return DateTime.fromObject({ year: +date.slice(0, 4), month: +date.slice(5, 7), day: +date.slice(8, 10), hour: h, minute: min }, { zone: tz }).toJSDate();
}

/**
 * When an instance happens: the occurrence date at the series' start_time (local midnight when
 * unset) in the series timezone, by localMidnight's DST rule (a local time that does not exist
 * moves forward by the gap; one that exists twice is the first of the two). duration_minutes is
 * elapsed time, so an instance spanning a DST change still lasts exactly that many minutes.
 */
export function instanceTimes(s: { timezone: string; startTime: string | null; durationMinutes: number | null }, date: string) {
  const scheduledStart = localMidnight(date, s.timezone, s.startTime ?? '00:00');
  const scheduledEnd = s.durationMinutes === null ? null : new Date(scheduledStart.getTime() + s.durationMinutes * 60_000);
  return { scheduledStart, scheduledEnd };
}

export interface SeriesRule {
  rrule: string;
  dtstart: string;
  endsOn: string | null;
  maxOccurrences: number | null;
}

/**
 * The occurrence dates d (YYYY-MM-DD, local to the series) with from ≤ d < toExclusive, never after
 * ends_on (a date on ends_on itself counts), and never beyond the cap: min(COUNT, max_occurrences)
 * counted from dtstart over the whole life of the series, earlier occurrences included.
 */
export async function occurrenceDates(s: SeriesRule, from: string, toExclusive: string): Promise<string[]> {
  let last = addDays(toExclusive, -1);
  if (s.endsOn && s.endsOn < last) last = s.endsOn;
  const out: string[] = [];
  if (last < from || last < s.dtstart) return out;
  const { options, count } = parseRruleLenient(s.rrule);
  const caps = [count, s.maxOccurrences].filter((c): c is number => c !== null);
  await expand({ options, cap: caps.length ? Math.min(...caps) : null }, s, from, last, (iso) => {
    out.push(iso);
    return true;
  });
  return out;
}

/**
 * parseRrule, then a bounded search (expansion.ts): the rule must produce a date within
 * SEARCH_YEARS of dtstart, else invalid_input naming rrule. (A rule with a first date that late is
 * almost surely a mistake; every expansion is bounded anyway, this is the caller's early answer.)
 */
export async function validateRrule(rrule: string, today: string, dtstart: string): Promise<ParsedRule> {
  const rule = parseRrule(rrule, today);
  const from = dtstart;
  const last = DateTime.fromISO(from, { zone: 'utc' }).plus({ years: SEARCH_YEARS }).toISODate()!;
  let found = false;
  try {
    await expand({ options: rule.options, cap: rule.count }, { dtstart }, from, last, () => {
      found = true;
      return false;
    });
  } catch (e) {
    if (e instanceof RecurrenceBudgetExceeded) throw bad('rrule is too costly to expand: simplify it');
    throw e;
  }
  if (!found)
    throw bad(
      `rrule has no occurrence between ${from} and ${last}: its parts never (or too rarely) match together: check BYSETPOS, BYWEEKNO, BYMONTH, BYMONTHDAY, BYDAY and INTERVAL against dtstart`,
    );
  return rule;
}

/** Parses a rule already validated when it was stored (the UNTIL limit is not re-checked). */
function parseRruleLenient(rule: string): ParsedRule {
  return parseRrule(rule, null);
}

/** The materialisation window of a series: today ≤ d < today + horizonDays, today in the series timezone. */
export function windowDates(s: SeriesRule & { timezone: string }, horizonDays: number, now: Date = new Date()): Promise<string[]> {
  const today = todayIn(s.timezone, now);
  return occurrenceDates(s, today, addDays(today, horizonDays));
}
