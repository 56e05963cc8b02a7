import { SeriesGenerator } from '../src/job-series/series-generator';
import { newTenant, startApp, TestApp } from './support/app';

/** What a retry may not meet (PostgreSQL's serialization failure): the series is kept, the scheduler retries. */
const transientFailure = () => Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });

// Two servers with the scheduler on, started at once against the same database: the start-up run
// generates the window of a series whose first generation failed, and never twice.
describe('job series scheduler (SCHEDULER_ENABLED)', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  it('runs at start-up on two servers at once and generates each missing instance exactly once', async () => {
    const t = await startApp({ SERIES_HORIZON_DAYS: '30' });
    apps.push(t);
    const a = await newTenant(t);
    const gen = t.app.get(SeriesGenerator);
    const spy = jest.spyOn(gen, 'generate').mockRejectedValueOnce(transientFailure());
    const s = await a.client.call('job_series.create', { title: 'Daily', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: '2026-01-01' });
    spy.mockRestore();
    const count = async () => (await t.ds.query(`SELECT count(*)::int AS n, count(DISTINCT occurrence_date)::int AS d FROM jobs WHERE series_id = $1`, [s.id]))[0];
    expect(await count()).toEqual({ n: 0, d: 0 });

    apps.push(...(await Promise.all([1, 2].map(() => startApp({ SCHEDULER_ENABLED: 'true', SERIES_HORIZON_DAYS: '30' })))));
    const deadline = Date.now() + 20_000;
    while ((await count()).n < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toEqual({ n: 30, d: 30 });
  });
});
