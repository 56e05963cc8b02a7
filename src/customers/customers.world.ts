import { byId, defineWorld, uniq } from '../../test/support/world';

// customers in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'customers',
  needs: ['tags'],
  seed: async ({ create, ids }) => ({
    id: await create('customers.create', {
      display_name: 'World Customer',
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@world.test',
      billing_address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
      tag_ids: [ids.tags],
    }),
    throwaway: await create('customers.create', { display_name: 'Throwaway customer' }),
  }),
  calls: ({ ids, throwaway }) => ({
    'customers.create': () => ({ display_name: uniq('Customer'), email: 'c@world.test', tag_ids: [ids.tags], billing_address: { line1: '3 High St', country: 'US' } }),
    'customers.get': byId(ids.customers),
    'customers.search': () => ({ q: 'World', tagId: ids.tags, includeArchived: true, page: 1 }),
    'customers.update': () => ({ id: ids.customers, phone: '+1 555 0100', tag_ids: [ids.tags] }),
    'customers.archive': byId(throwaway.customers),
  }),
});
