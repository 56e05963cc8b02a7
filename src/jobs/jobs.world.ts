import { at, byId, defineWorld, uniq, WorldIds } from '../../test/support/world';

// jobs in the test world (format: test/support/world.ts)
// job lines: no taxable; one priced from the pricebook, one by hand
const lines = (ids: Readonly<WorldIds>) => [
  { catalog_item_id: ids.catalog_items, quantity: 1, sort_order: 0 },
  { description: 'Labour', unit_price: 95, quantity: 1.5, sort_order: 1 },
];

export default defineWorld({
  entity: 'jobs',
  needs: ['customers', 'locations'],
  seed: async ({ create, ids }) => ({
    id: await create('jobs.create', {
      title: 'World job',
      customer_id: ids.customers,
      location_id: ids.locations,
      scheduled_start: at(3, 9),
      scheduled_end: at(3, 11),
      line_items: [{ description: 'Labour', unit_price: 95, quantity: 1.5 }],
      assigned_user_ids: [ids.users],
    }),
    throwaway: await create('jobs.create', { title: 'Throwaway job', customer_id: ids.customers }),
  }),
  calls: ({ ids, throwaway }) => ({
    'jobs.create': () => ({
      title: uniq('Job'),
      customer_id: ids.customers,
      location_id: ids.locations,
      scheduled_start: at(5, 9),
      scheduled_end: at(5, 10),
      line_items: lines(ids),
      assigned_user_ids: [ids.users],
    }),
    'jobs.get': byId(ids.jobs),
    'jobs.list': () => ({ customerId: ids.customers, status: 'scheduled', q: 'World', page: 1 }),
    'jobs.update': () => ({
      id: ids.jobs,
      customer_id: ids.customers,
      location_id: ids.locations,
      description: 'Bring ladder',
      line_items: lines(ids),
      assigned_user_ids: [ids.users],
    }),
    'jobs.cancel': byId(throwaway.jobs),
  }),
  variants: ({ ids, extra }) => ({
    'jobs.create': [() => ({ title: uniq('From quote'), quote_id: extra.approved_quote })],
    'jobs.list': [() => ({ seriesId: ids.job_series })],
  }),
});
