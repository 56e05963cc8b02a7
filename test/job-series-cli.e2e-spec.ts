import { runCli as cli } from './support/cli';
import { newTenant, startApp, TestApp } from './support/app';

describe('admin CLI series:generate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('extends the windows of a tenant’s active series and prints {series_processed, jobs_created}; idempotent', async () => {
    const a = await newTenant(t);
    const s = await a.client.call('job_series.create', { title: 'Daily', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: '2026-01-01' });
    const ended = await a.client.call('job_series.create', { title: 'Ended', rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: '2026-01-01' });
    await a.client.call('job_series.end', { id: ended.id });
    const first = await cli('series:generate', '--tenant', a.tenantId, '--json');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(first.out)).toEqual({ series_processed: 1, jobs_created: 0 });
    // instances lost (e.g. a failed generation): the run puts them back, once
    await t.ds.query(`DELETE FROM jobs WHERE series_id = $1 AND occurrence_date >= (now() AT TIME ZONE 'UTC')::date + 30`, [s.id]);
    expect(JSON.parse((await cli('series:generate', '--tenant', a.tenantId, '--json')).out)).toEqual({ series_processed: 1, jobs_created: 60 });
    expect(JSON.parse((await cli('series:generate', '--tenant', a.tenantId, '--json')).out)).toEqual({ series_processed: 1, jobs_created: 0 });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM jobs WHERE series_id = $1`, [s.id]);
    expect(n).toBe(90);
  });

  it('refuses a --tenant that is not an id, with a non-zero exit and nothing on stdout', async () => {
    const r = await cli('series:generate', '--tenant', 'acme', '--json');
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--tenant must be a tenant id/);
  });
});
