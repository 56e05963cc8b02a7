import { byId, date, defineWorld, uniq, WorldIds } from '../../test/support/world';

// quotes in the test world (format: test/support/world.ts); extra.approved_quote is the quote jobs.create may start from
const lines = (ids: Readonly<WorldIds>) => [
  { catalog_item_id: ids.catalog_items, description: 'Tune-up', unit_price: 89.5, quantity: 1, taxable: true, sort_order: 0 },
  { catalog_item_id: null, description: 'Part', unit_price: 0.1, quantity: 3, taxable: false, sort_order: 1 },
];

export default defineWorld({
  entity: 'quotes',
  needs: ['customers', 'locations', 'tax_rates', 'catalog_items'],
  seed: async ({ create, call, ids }) => {
    const quoteArgs = (title: string) => ({
      customer_id: ids.customers,
      location_id: ids.locations,
      title,
      tax_rate_id: ids.tax_rates,
      valid_until: date(30),
      line_items: [
        { catalog_item_id: ids.catalog_items, description: 'Tune-up', unit_price: 89.5, quantity: 1, taxable: true },
        { description: 'Filter', unit_price: 12.25, quantity: 2, taxable: false },
      ],
    });
    const id = await create('quotes.create', quoteArgs('Draft quote'));
    const approved = await create('quotes.create', quoteArgs('Approved quote'));
    await call('quotes.update', { id: approved, status: 'sent' });
    await call('quotes.update', { id: approved, status: 'approved' });
    const throwaway = await create('quotes.create', { customer_id: ids.customers, title: 'Throwaway quote' });
    return { id, throwaway, extra: { approved_quote: approved } };
  },
  calls: ({ ids, throwaway }) => ({
    'quotes.create': () => ({ customer_id: ids.customers, location_id: ids.locations, title: uniq('Quote'), tax_rate_id: ids.tax_rates, line_items: lines(ids) }),
    'quotes.get': byId(ids.quotes),
    'quotes.list': () => ({ customerId: ids.customers, status: 'draft', q: 'quote', includeArchived: true, page: 1 }),
    'quotes.update': () => ({ id: ids.quotes, location_id: ids.locations, tax_rate_id: ids.tax_rates, message: 'Thanks', line_items: lines(ids) }),
    'quotes.archive': byId(throwaway.quotes),
  }),
});
