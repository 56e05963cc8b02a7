import { byId, defineWorld, uniq } from '../../test/support/world';

// tags in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'tags',
  needs: [],
  seed: async ({ create }) => ({
    id: await create('tags.create', { name: uniq('vip'), color: '#FF8800' }),
    throwaway: await create('tags.create', { name: uniq('throwaway') }),
  }),
  calls: ({ ids, throwaway }) => ({
    'tags.create': () => ({ name: uniq('tag'), color: '#00AA00' }),
    'tags.get': byId(ids.tags),
    'tags.list': () => ({ q: 'vip', page: 1 }),
    'tags.update': () => ({ id: ids.tags, color: '#112233' }),
    'tags.delete': byId(throwaway.tags),
  }),
});
