import { byId, defineWorld, uniq } from '../../test/support/world';

// tax_rates in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'tax_rates',
  needs: [],
  seed: async ({ create }) => ({
    id: await create('tax_rates.create', { name: uniq('Sales tax'), rate: 8.25 }),
    throwaway: await create('tax_rates.create', { name: uniq('Throwaway tax'), rate: 5 }),
  }),
  calls: ({ ids, throwaway }) => ({
    'tax_rates.create': () => ({ name: uniq('Tax'), rate: 7.5 }),
    'tax_rates.get': byId(ids.tax_rates),
    'tax_rates.list': () => ({ q: 'tax', includeArchived: true, page: 1 }),
    'tax_rates.update': () => ({ id: ids.tax_rates, rate: 8.25 }),
    'tax_rates.archive': byId(throwaway.tax_rates),
  }),
});
