import { byId, date, defineWorld, uniq, WorldIds } from '../../test/support/world';

// job_series in the test world (format: test/support/world.ts)
// template lines: no taxable; one priced from the pricebook, one by hand
const lines = (ids: Readonly<WorldIds>) => [
  { catalog_item_id: ids.catalog_items, quantity: 1, sort_order: 0 },
  { description: 'Labour', unit_price: 95, quantity: 1.5, sort_order: 1 },
];

export default defineWorld({
  entity: 'job_series',
  needs: ['customers'],
  aliases: ['series'], // seriesId, series_id
  seed: async ({ create, ids }) => ({
    id: await create('job_series.create', {
      title: 'World series',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timezone: 'Europe/London',
      dtstart: date(1),
      customer_id: ids.customers,
      max_occurrences: 3,
      line_items: [{ description: 'Visit', unit_price: 60, quantity: 1 }],
      assigned_user_ids: [ids.users],
    }),
    throwaway: await create('job_series.create', { title: 'Throwaway series', rrule: 'FREQ=MONTHLY', timezone: 'UTC', dtstart: date(2), max_occurrences: 1 }),
  }),
  calls: ({ ids, throwaway }) => ({
    'job_series.create': () => ({
      title: uniq('Series'),
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=15',
      timezone: 'America/New_York',
      dtstart: date(1),
      customer_id: ids.customers,
      location_id: ids.locations,
      start_time: '09:30',
      duration_minutes: 90,
      max_occurrences: 2,
      line_items: lines(ids),
      assigned_user_ids: [ids.users],
    }),
    'job_series.get': byId(ids.job_series),
    'job_series.list': () => ({ customerId: ids.customers, page: 1 }),
    'job_series.update': () => ({
      id: ids.job_series,
      customer_id: ids.customers,
      location_id: ids.locations,
      description: 'Weekly visit',
      line_items: lines(ids),
      assigned_user_ids: [ids.users],
    }),
    'job_series.end': byId(throwaway.job_series),
  }),
});
