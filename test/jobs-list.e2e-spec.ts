import { randomUUID } from 'node:crypto';
import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

describe('jobs.list and jobs.get media', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
  });
  beforeEach(async () => {
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  const create = (title: string, extra: Record<string, unknown> = {}) => a.client.call('jobs.create', { title, ...extra });

  it('orders by scheduled_start ascending with unscheduled jobs last, then newest first', async () => {
    const n1 = await create('no start, older');
    const late = await create('late', { scheduled_start: '2026-09-01T08:00:00Z' });
    const early = await create('early', { scheduled_start: '2026-06-01T08:00:00Z' });
    const tie1 = await create('tie older', { scheduled_start: '2026-07-01T08:00:00Z' });
    const tie2 = await create('tie newer', { scheduled_start: '2026-07-01T08:00:00Z' });
    const n2 = await create('no start, newer');
    const page = await a.client.call('jobs.list', {});
    expect(page.data.map((j: any) => j.id)).toEqual([early.id, tie2.id, tie1.id, late.id, n2.id, n1.id]);
    expect(page).toMatchObject({ count: 6, page: 1, limit: 20 });
  });

  it('each row is the documented summary with the customer and the assignments', async () => {
    const cu = await a.client.call('customers.create', { display_name: 'Acme' });
    const u = (await t.tenancy.createUser(a.tenantId, { email: `${randomUUID()}@t.dev`, role: 'member' })).id;
    const j = await create('Row', {
      customer_id: cu.id,
      scheduled_start: '2026-06-01T08:00:00Z',
      scheduled_end: '2026-06-01T09:00:00Z',
      flat_price: 99.95,
      assigned_user_ids: [u, a.userId],
    });
    const bare = await create('Bare');
    const { data } = await a.client.call('jobs.list', {});
    expect(data[0]).toEqual({
      id: j.id,
      title: 'Row',
      status: 'scheduled',
      scheduled_start: '2026-06-01T08:00:00.000Z',
      scheduled_end: '2026-06-01T09:00:00.000Z',
      customer_id: cu.id,
      series_id: null,
      flat_price: 99.95,
      updated_at: j.updated_at,
      customer: { id: cu.id, display_name: 'Acme' },
      assignments: expect.arrayContaining([{ user_id: u }, { user_id: a.userId }]),
    });
    expect(data[0].assignments).toHaveLength(2);
    expect(data[1]).toMatchObject({ id: bare.id, customer: null, customer_id: null, assignments: [], flat_price: null });
  });

  it('pages hold 20 jobs; count is the total across pages', async () => {
    for (let i = 0; i < 45; i++) await create(`J${String(i).padStart(2, '0')}`, { scheduled_start: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() });
    const p1 = await a.client.call('jobs.list', {});
    const p3 = await a.client.call('jobs.list', { page: 3 });
    const p4 = await a.client.call('jobs.list', { page: 4 });
    expect(p1).toMatchObject({ count: 45, page: 1, limit: 20 });
    expect(p1.data).toHaveLength(20);
    expect(p1.data[0].title).toBe('J00');
    expect(p3.data.map((j: any) => j.title)).toEqual(['J40', 'J41', 'J42', 'J43', 'J44']);
    expect(p4).toMatchObject({ data: [], count: 45, page: 4, limit: 20 });
  });

  it('filters by status, customerId, from/to (inclusive) and q (case-insensitive substring of the title), combined', async () => {
    const c1 = await a.client.call('customers.create', { display_name: 'C1' });
    const c2 = await a.client.call('customers.create', { display_name: 'C2' });
    const j1 = await create('Gutter cleaning', { customer_id: c1.id, scheduled_start: '2026-06-01T08:00:00Z' });
    const j2 = await create('Lawn mowing', { customer_id: c1.id, scheduled_start: '2026-06-10T08:00:00Z' });
    const j3 = await create('LAWN edging 100%', { customer_id: c2.id, scheduled_start: '2026-06-20T08:00:00Z' });
    const j4 = await create('lawn plan');
    await a.client.call('jobs.update', { id: j2.id, status: 'done' });
    const ids = async (args: Record<string, unknown>) => {
      const r = await a.client.call('jobs.list', args);
      expect(r.count).toBe(r.data.length);
      return r.data.map((j: any) => j.id);
    };
    expect(await ids({ status: 'scheduled' })).toEqual([j1.id, j3.id]);
    expect(await ids({ status: 'done' })).toEqual([j2.id]);
    expect(await ids({ status: 'unscheduled' })).toEqual([j4.id]);
    expect(await ids({ status: 'cancelled' })).toEqual([]);
    expect(await ids({ customerId: c1.id })).toEqual([j1.id, j2.id]);
    expect(await ids({ customerId: randomUUID() })).toEqual([]);
    expect(await ids({ from: '2026-06-10T08:00:00Z' })).toEqual([j2.id, j3.id]);
    expect(await ids({ to: '2026-06-10T08:00:00Z' })).toEqual([j1.id, j2.id]);
    expect(await ids({ from: '2026-06-02T00:00:00Z', to: '2026-06-19T00:00:00Z' })).toEqual([j2.id]);
    expect(await ids({ q: 'lawn' })).toEqual([j2.id, j3.id, j4.id]);
    expect(await ids({ q: '100%' })).toEqual([j3.id]);
    expect(await ids({ q: '%' })).toEqual([j3.id]);
    expect(await ids({ q: 'lawn', customerId: c1.id, status: 'done' })).toEqual([j2.id]);
  });

  it('jobs.get shows up to 50 media previews, newest first, with the documented fields', async () => {
    const j = await create('Photos');
    await t.ds.query(
      `INSERT INTO job_media (tenant_id, job_id, storage_path, kind, filename, size_bytes, caption, uploaded_by, uploaded_at)
       SELECT $1, $2, 'media/' || i || '.jpg', CASE WHEN i % 2 = 0 THEN 'photo' ELSE 'video' END, 'f' || i || '.jpg', 1000 + i, 'c' || i, $3,
              timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute'
       FROM generate_series(1, 55) i`,
      [a.tenantId, j.id, a.userId],
    );
    const g = await a.client.call('jobs.get', { id: j.id });
    expect(g.job_media).toHaveLength(50);
    expect(g.job_media[0]).toEqual({
      id: expect.any(String),
      job_id: j.id,
      storage_path: 'media/55.jpg',
      kind: 'video',
      filename: 'f55.jpg',
      size_bytes: 1055,
      caption: 'c55',
      uploaded_by: a.userId,
      uploaded_at: '2026-01-01T00:55:00.000Z',
    });
    expect(g.job_media[49].filename).toBe('f6.jpg');
  });

  it('the list of another tenant is empty, its filters see nothing of ours', async () => {
    await create('Mine', { scheduled_start: '2026-06-01T08:00:00Z' });
    const b = await newTenant(t);
    expect(await b.client.call('jobs.list', {})).toEqual({ data: [], count: 0, page: 1, limit: 20 });
    expect((await b.client.call('jobs.list', { q: 'Mine' })).count).toBe(0);
  });

  it('q longer than 200 characters is invalid_input', async () => {
    const e = await expectError(a.client.call('jobs.list', { q: 'x'.repeat(201) }), 'invalid_input');
    expect(e.data.issues[0].path).toBe('q');
  });
});
