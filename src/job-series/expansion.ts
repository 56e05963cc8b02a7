import { DateTime } from 'luxon';
import { Frequency, Options, RRule } from 'rrule';

// Bounded recurrence expansion.
//
// rrule.js walks a rule period by period (day, week, month or year) and only stops when an
// occurrence passes the end or when it reaches the year 9999. A rule whose periods rarely or never
// yield an occurrence (FREQ=DAILY;BYSETPOS=2, FREQ=DAILY;INTERVAL=7;BYDAY=TU from a Wednesday,
// BYWEEKNO=1;BYMONTH=6) therefore walks millions of periods: seconds of CPU with the event loop
// held. Here every expansion is bounded instead:
// - periods: without a COUNT/max_occurrences cap the walk starts at the interval-grid period that
//   holds `from` (not at dtstart), and it visits only the periods up to `last`;
// - chunks: rrule walks CHUNK_PERIODS periods at a time (a few ms at most), and the event loop
//   gets a turn between chunks;
// - occurrences scanned: at most MAX_SCANNED candidates;
// - wall time: EXPANSION_BUDGET_MS over all chunks.
// Exceeding the last two throws RecurrenceBudgetExceeded (the caller refuses the rule, or skips
// the series with a warning).
//
// rrule exposes no way to stop its walk between periods, so the chunk's period limit uses how the
// walk reads its parsed options: `options.interval` once before the first period, then twice per
// period (after the period's dates, a test for 0 that ends the walk; then the step to the next
// period). The chunk's `interval` turns 0 at the test after its last period. This is pinned to
// rrule 2.8.1 (package.json) and covered by recurrence.spec.ts (same dates as rrule's full walk).

export const EXPANSION_BUDGET_MS = 1_000;
export const MAX_SCANNED = 10_000;
/** Periods per rrule walk: ≈ 2 ms at most (a daily period costs rrule 10–70 µs). */
const CHUNK_PERIODS = 16;

export class RecurrenceBudgetExceeded extends Error {
  constructor(what: string) {
    super(`recurrence expansion stopped: ${what}`);
  }
}

export interface Anchor {
  /** YYYY-MM-DD: the first possible occurrence. */
  dtstart: string;
}

const utc = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
const weekdayOf = (date: string) => utc(date).weekday - 1; // rrule: 0 = Monday

/**
 * rrule fills in parts from dtstart when the rule names no day (FREQ=MONTHLY → BYMONTHDAY of dtstart,
 * …), exactly as rrule's parseOptions does. Made explicit here so moving dtstart forward keeps them.
 */
function withDtstartDefaults(o: Partial<Options>, dtstart: string): Partial<Options> {
  const present = (v: unknown) => v !== undefined && v !== null;
  if (present(o.byweekno) || present(o.byyearday) || present(o.bymonthday) || present(o.byweekday)) return o;
  const d = utc(dtstart);
  switch (o.freq) {
    case Frequency.YEARLY:
      return { ...o, bymonth: o.bymonth ?? d.month, bymonthday: d.day };
    case Frequency.MONTHLY:
      return { ...o, bymonthday: d.day };
    case Frequency.WEEKLY:
      return { ...o, byweekday: [weekdayOf(dtstart)] };
    default:
      return o;
  }
}

function wkstOf(o: Partial<Options>): number {
  const w = o.wkst as unknown;
  if (w === undefined || w === null) return 0;
  return typeof w === 'number' ? w : (w as { weekday: number }).weekday;
}

/** The start of the week (by WKST) that holds `date`. */
function weekStart(date: string, wkst: number): string {
  return utc(date)
    .minus({ days: (weekdayOf(date) - wkst + 7) % 7 })
    .toISODate()!;
}

/**
 * Where the walk may start for dates ≥ from: the first day of the period on the rule's interval
 * grid (counted from dtstart) that holds `from`, or dtstart itself when `from` is in the first
 * period. Every period from there on is whole, so rrule yields the same dates as from dtstart.
 */
function gridStart(o: Partial<Options>, dtstart: string, from: string): string {
  if (from <= dtstart) return dtstart;
  const n = o.interval ?? 1;
  const a = utc(dtstart);
  const f = utc(from);
  let start: DateTime;
  switch (o.freq) {
    case Frequency.DAILY:
      start = a.plus({ days: Math.floor(f.diff(a, 'days').days / n) * n });
      break;
    case Frequency.WEEKLY: {
      const w0 = utc(weekStart(dtstart, wkstOf(o)));
      start = w0.plus({ weeks: Math.floor(Math.floor(f.diff(w0, 'days').days / 7) / n) * n });
      break;
    }
    case Frequency.MONTHLY: {
      const m0 = a.startOf('month');
      start = m0.plus({ months: Math.floor(((f.year - a.year) * 12 + f.month - a.month) / n) * n });
      break;
    }
    default: {
      const y0 = a.startOf('year');
      start = y0.plus({ years: Math.floor((f.year - a.year) / n) * n });
    }
  }
  const iso = start.toISODate()!;
  return iso < dtstart ? dtstart : iso;
}

/** How many periods the walk from `start` needs to pass `last`, with a margin of two. */
function periodsUntil(o: Partial<Options>, start: string, last: string): number {
  const n = o.interval ?? 1;
  const a = utc(start);
  const b = utc(last);
  const units: Record<number, number> = {
    [Frequency.DAILY]: b.diff(a, 'days').days,
    [Frequency.WEEKLY]: b.diff(a, 'days').days / 7 + 1,
    [Frequency.MONTHLY]: (b.year - a.year) * 12 + b.month - a.month,
  };
  const span = units[o.freq!] ?? b.year - a.year;
  return Math.floor(Math.max(0, span) / n) + 2;
}

/** The start of the period `n` periods (of the rule's interval) after the one holding `start`. */
function periodsAfter(o: Partial<Options>, start: string, n: number): string {
  const k = n * (o.interval ?? 1);
  const d = utc(start);
  switch (o.freq) {
    case Frequency.DAILY:
      return d.plus({ days: k }).toISODate()!;
    case Frequency.WEEKLY:
      return utc(weekStart(start, wkstOf(o)))
        .plus({ weeks: k })
        .toISODate()!;
    case Frequency.MONTHLY:
      return d.startOf('month').plus({ months: k }).toISODate()!;
    default:
      return d.startOf('year').plus({ years: k }).toISODate()!;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Calls onDate(YYYY-MM-DD) for each occurrence d of the rule with from ≤ d ≤ last, in order, until
 * onDate returns false. `cap` (COUNT / max_occurrences) counts from dtstart over the whole life
 * of the series, so a capped rule walks from dtstart.
 */
export async function expand(
  rule: { options: Partial<Options>; cap: number | null },
  anchor: Anchor,
  from: string,
  last: string,
  onDate: (date: string) => boolean,
): Promise<void> {
  if (last < from) return;
  const options = withDtstartDefaults(rule.options, anchor.dtstart);
  const { cap } = rule;
  let start = cap === null ? gridStart(options, anchor.dtstart, from) : anchor.dtstart;
  let left = periodsUntil(options, start, last);
  const end = new Date(`${last}T00:00:00Z`);
  const deadline = Date.now() + EXPANSION_BUDGET_MS;
  let scanned = 0;
  let done = false;
  while (left > 0 && !done) {
    const periods = Math.min(CHUNK_PERIODS, left);
    const rr = new RRule({ ...options, count: null, dtstart: new Date(`${start}T00:00:00Z`) });
    limitPeriods(rr, periods);
    rr.all((d) => {
      if (d > end || (cap !== null && scanned >= cap)) return !(done = true);
      if (++scanned > MAX_SCANNED) throw new RecurrenceBudgetExceeded(`more than ${MAX_SCANNED} occurrences scanned`);
      const iso = d.toISOString().slice(0, 10);
      return iso < from || onDate(iso) || !(done = true);
    });
    if (done) return;
    start = periodsAfter(options, start, periods);
    left -= periods;
    if (Date.now() > deadline) throw new RecurrenceBudgetExceeded(`over ${EXPANSION_BUDGET_MS} ms`);
    await nextTurn();
  }
}

/** Makes rr's walk end after `periods` periods (see the top of this file). */
function limitPeriods(rr: RRule, periods: number): void {
  const interval = rr.options.interval;
  let reads = 0;
  Object.defineProperty(rr.options, 'interval', {
    configurable: true,
    get: () => (++reads >= 2 * periods ? 0 : interval),
  });
}
