import { byId, date, defineWorld, uniq } from '../../test/support/world';

// plans in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'plans',
  needs: ['customers', 'job_series'],
  seed: async ({ create, ids }) => ({
    id: await create('plans.create', {
      customer_id: ids.customers,
      name: 'World plan',
      price: 49.99,
      billing_frequency: 'monthly',
      starts_on: date(1),
      job_series_id: ids.job_series,
    }),
    throwaway: await create('plans.create', { customer_id: ids.customers, name: 'Throwaway plan', price: 1, billing_frequency: 'yearly', starts_on: date(1) }),
  }),
  calls: ({ ids, throwaway }) => ({
    'plans.create': () => ({ customer_id: ids.customers, name: uniq('Plan'), price: 19.99, billing_frequency: 'quarterly', starts_on: date(1) }),
    'plans.get': byId(ids.plans),
    'plans.list': () => ({ customerId: ids.customers, status: 'active', page: 1 }),
    'plans.update': () => ({ id: ids.plans, description: 'Monthly upkeep', job_series_id: ids.job_series }),
    'plans.cancel': byId(throwaway.plans),
  }),
  variants: ({ ids }) => ({
    'plans.create': [() => ({ customer_id: ids.customers, name: uniq('Plan'), price: 5, billing_frequency: 'monthly', starts_on: date(1), job_series_id: ids.job_series })],
  }),
});
