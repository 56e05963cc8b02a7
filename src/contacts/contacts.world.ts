import { byId, defineWorld, uniq } from '../../test/support/world';

// contacts in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'contacts',
  needs: ['customers'],
  seed: async ({ create, ids }) => ({
    id: await create('contacts.create', { customer_id: ids.customers, first_name: 'Grace', email: 'grace@world.test', is_primary: true }),
    throwaway: await create('contacts.create', { customer_id: ids.customers, first_name: 'Throwaway' }),
  }),
  calls: ({ ids, throwaway }) => ({
    'contacts.create': () => ({ customer_id: ids.customers, first_name: uniq('Contact') }),
    'contacts.get': byId(ids.contacts),
    'contacts.list': () => ({ customerId: ids.customers, q: 'Grace', includeArchived: false, page: 1 }),
    'contacts.update': () => ({ id: ids.contacts, title: 'Owner' }),
    'contacts.archive': byId(throwaway.contacts),
  }),
});
