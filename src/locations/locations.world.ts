import { byId, defineWorld, uniq } from '../../test/support/world';

// locations in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'locations',
  needs: ['customers'],
  seed: async ({ create, ids }) => ({
    id: await create('locations.create', { customer_id: ids.customers, label: 'Home', line1: '1 Main St', city: 'Springfield', country: 'US' }),
    throwaway: await create('locations.create', { customer_id: ids.customers, line1: '2 Side St' }),
  }),
  calls: ({ ids, throwaway }) => ({
    'locations.create': () => ({ customer_id: ids.customers, line1: uniq('Street'), country: 'US', latitude: 40.1, longitude: -73.9 }),
    'locations.get': byId(ids.locations),
    'locations.list': () => ({ customerId: ids.customers, q: 'Main', page: 1 }),
    'locations.update': () => ({ id: ids.locations, access_notes: 'side door' }),
    'locations.archive': byId(throwaway.locations),
  }),
});
