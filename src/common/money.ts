import Decimal from 'decimal.js';

// Money is computed in decimal, never in binary floating point; rounding is half away from zero
// (entities.md §3). Inputs are JSON numbers already validated to ≤2 (money) / ≤3 (quantity) decimals.
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP }); // HALF_UP in decimal.js is away from zero

export type Amount = Decimal;

export const dec = (v: number | string | Decimal) => new D(typeof v === 'number' ? String(v) : v);

export const round2 = (v: Decimal) => v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** round(unit_price × quantity, 2) */
export const lineTotal = (unitPrice: number | string, quantity: number | string) => round2(dec(unitPrice).times(dec(quantity)));

export const sum = (values: Decimal[]) => values.reduce((a, b) => a.plus(b), new D(0));

/** round(base × rate / 100, 2) */
export const percentOf = (base: Decimal, ratePercent: number | string) => round2(base.times(dec(ratePercent)).dividedBy(100));

/** A JSON number with at most 2 decimals (what results carry). */
export const toMoney = (v: Decimal) => Number(round2(v).toFixed(2));
