import { byId, defineWorld, uniq } from '../../test/support/world';

// notes in the test world (format: test/support/world.ts)
export default defineWorld({
  entity: 'notes',
  needs: ['customers', 'jobs'],
  seed: async ({ create, ids }) => ({
    id: await create('notes.create', { customer_id: ids.customers, body: 'Gate code 1234', pinned: true }),
    throwaway: await create('notes.create', { job_id: ids.jobs, body: 'throwaway note' }),
  }),
  calls: ({ ids, throwaway }) => ({
    'notes.create': () => ({ customer_id: ids.customers, body: uniq('note') }),
    'notes.get': byId(ids.notes),
    'notes.list': () => ({ customerId: ids.customers, includeArchived: true, page: 1 }),
    'notes.update': () => ({ id: ids.notes, pinned: true }),
    'notes.archive': byId(throwaway.notes),
  }),
  // a note is on a customer or a job, not both
  variants: ({ ids }) => ({
    'notes.create': [() => ({ job_id: ids.jobs, body: uniq('job note') })],
    'notes.list': [() => ({ jobId: ids.jobs })],
  }),
});
