import { newTenant, startApp, TestApp, TestTenant } from './support/app';
import { JobCountsCompactor } from '../src/jobs/job-counts.compactor';

// jobs.list's count for the whole tenant and for one status is read from job_counts (deltas kept by
// triggers on jobs, folded by the compactor); it must equal COUNT(*) after any mix of concurrent writes.
describe('jobs.list count stays exact under concurrent writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t.close());

  const STATUSES = ['unscheduled', 'scheduled', 'done', 'cancelled'];
  async function expectCountsExact(a: TestTenant) {
    const rows: { status: string; n: number }[] = await t.ds.query(`SELECT status, count(*)::int AS n FROM jobs WHERE tenant_id = $1 GROUP BY status`, [a.tenantId]);
    const truth = new Map(rows.map((r) => [r.status, r.n]));
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect((await a.client.call('jobs.list', {})).count).toBe(total);
    for (const status of STATUSES) expect([status, (await a.client.call('jobs.list', { status })).count]).toEqual([status, truth.get(status) ?? 0]);
    return total;
  }

  it('creates, status updates, cancels, series generation and series ends at once, with compaction running beside them', async () => {
    const a = await newTenant(t);
    const other = await newTenant(t);
    const compactor = t.app.get(JobCountsCompactor);
    const seed = await Promise.all(
      Array.from({ length: 12 }, (_, i) => a.client.call('jobs.create', { title: `Seed ${i}`, scheduled_start: `2031-01-${String(i + 1).padStart(2, '0')}T09:00:00Z` })),
    );
    let compacting = true;
    const compactions = (async () => {
      while (compacting) await compactor.compact();
    })();
    // starting tomorrow, so every occurrence falls inside the generated window (SERIES_HORIZON_DAYS, 90)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const weekly = (i: number) => ({ title: `Weekly ${i}`, rrule: 'FREQ=WEEKLY', timezone: 'UTC', dtstart: tomorrow, max_occurrences: 5 + i });
    const work: Promise<unknown>[] = [
      ...Array.from({ length: 16 }, (_, i) => a.client.call('jobs.create', { title: `Burst ${i}`, ...(i % 2 ? { scheduled_start: '2031-02-01T09:00:00Z' } : {}) })),
      ...seed.slice(0, 4).map((j) => a.client.call('jobs.update', { id: j.id, status: 'done' })),
      ...seed.slice(4, 8).map((j) => a.client.call('jobs.cancel', { id: j.id })),
      ...seed.slice(8, 10).map((j) => a.client.call('jobs.update', { id: j.id, scheduled_start: null })),
      ...Array.from({ length: 3 }, (_, i) => a.client.call('job_series.create', weekly(i))),
      ...Array.from({ length: 5 }, (_, i) => other.client.call('jobs.create', { title: `Other ${i}` })),
      ...Array.from({ length: 6 }, () => a.client.call('jobs.list', {})),
    ];
    await Promise.all(work);
    const ended = await a.client.call('job_series.create', weekly(9));
    await a.client.call('job_series.end', { id: ended.id });
    compacting = false;
    await compactions;
    const total = await expectCountsExact(a);
    expect(total).toBeGreaterThanOrEqual(12 + 16 + (5 + 6 + 7)); // seeds, bursts, the series' instances (the work really ran)
    expect(await expectCountsExact(other)).toBe(5);
    // folded: at most one row per (tenant, status) once compacted
    await compactor.compact();
    const [{ rows }] = await t.ds.query(`SELECT count(*)::int AS rows FROM job_counts WHERE tenant_id = $1`, [a.tenantId]);
    expect(rows).toBeLessThanOrEqual(STATUSES.length);
    await expectCountsExact(a);
    // a write straight in SQL is counted too (the triggers, not the tools, keep the counts)
    await t.ds.query(`DELETE FROM jobs WHERE tenant_id = $1 AND status = 'cancelled'`, [a.tenantId]);
    await expectCountsExact(a);
    // many rows in one statement: inserted, moved between statuses, some moved and some not
    await t.ds.query(`INSERT INTO jobs (tenant_id, title, status) SELECT $1, 'Bulk ' || i, CASE WHEN i % 3 = 0 THEN 'done' ELSE 'unscheduled' END FROM generate_series(1, 30) i`, [
      a.tenantId,
    ]);
    await expectCountsExact(a);
    await t.ds.query(`UPDATE jobs SET status = CASE WHEN status = 'unscheduled' THEN 'cancelled' ELSE status END, title = title || '!' WHERE tenant_id = $1 AND title LIKE 'Bulk %'`, [
      a.tenantId,
    ]);
    await expectCountsExact(a);
  });

  it('an update that moves no job between statuses writes no delta', async () => {
    const a = await newTenant(t);
    const job = await a.client.call('jobs.create', { title: 'Steady' });
    const deltas = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM job_counts WHERE tenant_id = $1`, [a.tenantId]))[0].n;
    const before = await deltas();
    await a.client.call('jobs.update', { id: job.id, title: 'Still steady', scheduled_start: '2031-03-01T09:00:00Z', status: 'unscheduled' });
    await t.ds.query(`UPDATE jobs SET title = 'By hand', status = status WHERE tenant_id = $1`, [a.tenantId]);
    // (one row per status: the compactor, running every 2 s, has nothing of this tenant's to fold)
    expect(await deltas()).toBe(before);
    await a.client.call('jobs.update', { id: job.id, status: 'done' });
    await expectCountsExact(a);
  });
});
