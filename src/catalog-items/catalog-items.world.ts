import { byId, defineWorld, uniq } from '../../test/support/world';

// catalog_items in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'catalog_items',
  needs: ['catalog_categories'],
  seed: async ({ create, ids }) => ({
    id: await create('catalog_items.create', {
      name: 'Tune-up',
      kind: 'service',
      unit_price: 89.5,
      unit_cost: 20,
      taxable: true,
      category_id: ids.catalog_categories,
      sku: uniq('SKU').replace(' ', '-'),
    }),
    throwaway: await create('catalog_items.create', { name: 'Throwaway item', unit_price: 1 }),
  }),
  calls: ({ ids, throwaway }) => ({
    'catalog_items.create': () => ({ name: uniq('Item'), kind: 'material', unit_price: 4.99, category_id: ids.catalog_categories }),
    'catalog_items.get': byId(ids.catalog_items),
    'catalog_items.list': () => ({ q: 'Tune', categoryId: ids.catalog_categories, kind: 'service', includeArchived: true, page: 1 }),
    'catalog_items.update': () => ({ id: ids.catalog_items, unit_cost: 21, category_id: ids.catalog_categories }),
    'catalog_items.archive': byId(throwaway.catalog_items),
  }),
});
