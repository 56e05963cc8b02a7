import { byId, date, defineWorld, WorldIds } from '../../test/support/world';

// invoices in the test world (format: test/support/world.ts)
const lines = (ids: Readonly<WorldIds>) => [
  { catalog_item_id: ids.catalog_items, description: 'Tune-up', unit_price: 89.5, quantity: 1, taxable: true, sort_order: 0 },
  { catalog_item_id: null, description: 'Part', unit_price: 0.1, quantity: 3, taxable: false, sort_order: 1 },
];

export default defineWorld({
  entity: 'invoices',
  needs: ['jobs', 'customers', 'tax_rates'],
  seed: async ({ create, ids }) => ({
    id: await create('invoices.create', { job_id: ids.jobs, customer_id: ids.customers, tax_rate_id: ids.tax_rates, due_on: date(30) }),
    throwaway: await create('invoices.create', { customer_id: ids.customers, line_items: [{ description: 'x', unit_price: 1, quantity: 1 }] }),
  }),
  calls: ({ ids, throwaway }) => ({
    'invoices.create': () => ({ customer_id: ids.customers, tax_rate_id: ids.tax_rates, due_on: date(14), line_items: lines(ids) }),
    'invoices.get': byId(ids.invoices),
    'invoices.list': () => ({ customerId: ids.customers, jobId: ids.jobs, status: 'draft', page: 1 }),
    'invoices.update': () => ({ id: ids.invoices, due_on: date(45), tax_rate_id: ids.tax_rates, line_items: lines(ids) }),
    'invoices.void': byId(throwaway.invoices),
  }),
  variants: ({ ids }) => ({
    'invoices.create': [() => ({ job_id: ids.jobs })],
  }),
});
