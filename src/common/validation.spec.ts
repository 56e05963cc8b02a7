import fc from 'fast-check';
import { isDateOnly, toUtcTimestamp } from './validation';

// isDateOnly and toUtcTimestamp compute by arithmetic what they computed through a Date and its ISO
// text before; these are the earlier versions, and the new ones must answer as they did.
function isDateOnlyByDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getUTCFullYear() >= 1900;
}
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
function toUtcTimestampByDate(v: string): string | null {
  const m = TIMESTAMP.exec(v);
  if (!m || !isDateOnlyByDate(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  const [hour, minute, second, offH, offM] = [m[4], m[5], m[6] ?? '0', m[9] ?? '0', m[10] ?? '0'].map(Number);
  if (hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return null;
  const offset = (m[8] === '-' ? -1 : 1) * (offH * 60 + offM);
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, minute - offset, second));
  const year = utc.getUTCFullYear();
  if (year < 1900 || year > 9999) return null;
  return `${utc.toISOString().slice(0, 19)}${m[7] ?? ''}Z`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const YEARS = [0, 1, 99, 100, 1000, 1582, 1600, 1700, 1800, 1899, 1900, 1901, 1999, 2000, 2001, 2024, 2025, 2026, 2100, 2400, 9998, 9999];
for (let y = 1890; y <= 2110; y++) YEARS.push(y);

describe('isDateOnly', () => {
  it('answers as through a Date for every month and day (00 to 32) of many years, and for odd text', () => {
    for (const y of YEARS) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const v = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
          if (isDateOnly(v) !== isDateOnlyByDate(v)) throw new Error(v);
        }
      }
    }
    for (const v of ['', '2026-1-01', '2026-01-1', '20260101', '2026-01-01T00:00:00Z', ' 2026-01-01', '2026-01-01 ', '２０２６-01-01', '+02026-01-01', '2026-01-01\n'])
      expect([v, isDateOnly(v)]).toEqual([v, isDateOnlyByDate(v)]);
  });
});

describe('toUtcTimestamp', () => {
  const part = (max: number) => fc.integer({ min: 0, max }).map((n) => pad(n));
  const stamp = fc
    .record({
      y: fc.constantFrom(...YEARS.map((y) => pad(y, 4))),
      mo: part(13),
      d: part(32),
      h: part(25),
      mi: part(61),
      s: fc.option(part(61)),
      f: fc.option(fc.integer({ min: 1, max: 6 }).chain((n) => fc.stringMatching(new RegExp(`^\\d{${n}}$`)))),
      z: fc.oneof(
        fc.constant('Z'),
        fc.record({ sign: fc.constantFrom('+', '-'), oh: part(25), om: part(61) }).map(({ sign, oh, om }) => `${sign}${oh}:${om}`),
      ),
    })
    .map(({ y, mo, d, h, mi, s, f, z }) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}${f === null ? '' : `.${f}`}`}${z}`);

  it('answers as through a Date on generated timestamps, valid and not, with every kind of offset', () => {
    fc.assert(
      fc.property(stamp, (v) => {
        expect([v, toUtcTimestamp(v)]).toEqual([v, toUtcTimestampByDate(v)]);
      }),
      { numRuns: 50_000, seed: 7 },
    );
  });

  it('keeps the edges', () => {
    for (const v of [
      '1900-01-01T00:00:00Z',
      '1900-01-01T00:00:00+00:01',
      '1899-12-31T23:59:59-00:01',
      '9999-12-31T23:59:59Z',
      '9999-12-31T23:59:59-00:01',
      '2026-01-01T00:00:00+16:00',
      '2026-01-01T09:00Z',
      '2026-01-01T09:00:00.123456-00:00',
    ])
      expect([v, toUtcTimestamp(v)]).toEqual([v, toUtcTimestampByDate(v)]);
  });
});
