import { byId, defineWorld, uniq } from '../../test/support/world';

// catalog_categories in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'catalog_categories',
  needs: [],
  aliases: ['category'], // category_id, categoryId
  seed: async ({ create }) => ({
    id: await create('catalog_categories.create', { name: uniq('Services'), sort_order: 1 }),
    throwaway: await create('catalog_categories.create', { name: uniq('Throwaway category') }),
  }),
  calls: ({ ids, throwaway }) => ({
    'catalog_categories.create': () => ({ name: uniq('Category'), description: 'things', sort_order: 2 }),
    'catalog_categories.get': byId(ids.catalog_categories),
    'catalog_categories.list': () => ({ q: 'Services', page: 1 }),
    'catalog_categories.update': () => ({ id: ids.catalog_categories, description: 'Services we offer' }),
    'catalog_categories.delete': byId(throwaway.catalog_categories),
  }),
});
