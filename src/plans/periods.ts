import { BillingFrequency } from './plan.entity';

export const MONTHS: Record<BillingFrequency, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/**
 * How far back billing catches up: a plan's starts_on may be at most this many months before
 * today, and a billing run never bills a period that started earlier (at most 37 invoices for a
 * monthly plan, in one run).
 */
export const CATCH_UP_MONTHS = 36;

/** date + n months, anchored on the day of `date`, clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The billing date after `current`. Periods are anchored on starts_on (not on the previous date),
 * so a plan starting on the 31st bills on each month's last day without drifting.
 */
export function nextBillingDate(startsOn: string, current: string, frequency: BillingFrequency): string {
  const [sy, sm] = startsOn.split('-').map(Number);
  const [cy, cm] = current.split('-').map(Number);
  const elapsed = (cy - sy) * 12 + (cm - sm);
  return addMonths(startsOn, elapsed + MONTHS[frequency]);
}

/** The earliest period start billing still bills on `today`. */
export const catchUpStart = (today: string) => addMonths(today, -CATCH_UP_MONTHS);
