import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { SeriesGenerator } from '../src/job-series/series-generator';
import { JobSeries } from '../src/job-series/job-series.entity';
import { expectError, newTenant, startApp, tenantKey, TestApp, TestTenant } from './support/app';

/** What a retry may not meet (PostgreSQL's serialization failure): the series is kept, the scheduler retries. */
const transientFailure = () => Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });

const HORIZON = 200;
const today = (tz: string) => DateTime.now().setZone(tz).toISODate()!;
const plusDays = (d: string, n: number) => DateTime.fromISO(d, { zone: 'utc' }).plus({ days: n }).toISODate()!;

describe('job_series', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let customerId: string;

  // Instances are regular jobs rows; jobs.list {seriesId} is built on the jobs branch, so the tests read them here.
  const instances = async (tenant: TestTenant, seriesId: string) =>
    (await t.ds.query(
      `SELECT j.id, j.status, j.title, j.description, j.customer_id, j.flat_price::float AS flat_price, j.created_by, j.series_id,
              j.occurrence_date::text AS date, to_char(j.scheduled_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS start,
              (SELECT json_agg(json_build_object('description', li.description, 'unit_price', li.unit_price::float, 'quantity', li.quantity::float) ORDER BY li.sort_order)
                 FROM job_line_items li WHERE li.tenant_id = j.tenant_id AND li.job_id = j.id) AS line_items,
              (SELECT json_agg(ja.user_id) FROM job_assignments ja WHERE ja.tenant_id = j.tenant_id AND ja.job_id = j.id) AS assignees
         FROM jobs j WHERE j.tenant_id = $1 AND j.series_id = $2 ORDER BY j.occurrence_date`,
      [tenant.tenantId, seriesId],
    )) as any[];
  const setStatus = (id: string, status: string) => t.ds.query(`UPDATE jobs SET status = $2 WHERE id = $1`, [id, status]);

  const weekly = (extra: Record<string, unknown> = {}) => ({
    title: 'Weekly lawn maintenance',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    timezone: 'America/Los_Angeles',
    dtstart: '2026-07-07',
    ...extra,
  });

  beforeAll(async () => {
    t = await startApp({ SERIES_HORIZON_DAYS: String(HORIZON) });
    a = await newTenant(t);
    b = await newTenant(t);
    customerId = (await a.client.call('customers.create', { display_name: 'Henderson' })).id;
  });
  afterAll(() => t.close());

  it("runs the seed's weekly lawn-maintenance example and generates its Monday instances at local midnight", async () => {
    const s = await a.client.call('job_series.create', {
      ...weekly(),
      customer_id: customerId,
      line_items: [{ description: 'Mow and edge', unit_price: 80.0, quantity: 1 }],
      assigned_user_ids: [a.userId],
    });
    expect(s).toMatchObject({
      tenant_id: a.tenantId,
      title: 'Weekly lawn maintenance',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timezone: 'America/Los_Angeles',
      dtstart: '2026-07-07',
      ends_on: null,
      max_occurrences: null,
      flat_price: null,
      customer_id: customerId,
      created_by: a.userId,
    });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    const jobs = await instances(a, s.id);
    const start = today('America/Los_Angeles');
    const end = plusDays(start, HORIZON);
    const mondays: string[] = [];
    for (let d = start; d < end; d = plusDays(d, 1)) if (DateTime.fromISO(d).weekday === 1) mondays.push(d);
    expect(jobs.map((j) => j.date)).toEqual(mondays);
    for (const j of jobs) {
      // midnight in Los Angeles: 08:00Z in winter (PST), 07:00Z in summer (PDT)
      const offset = DateTime.fromISO(j.date, { zone: 'America/Los_Angeles' }).offset;
      expect(j.start).toBe(`${j.date}T${offset === -480 ? '08' : '07'}:00:00Z`);
      expect(j).toMatchObject({
        status: 'scheduled',
        title: 'Weekly lawn maintenance',
        customer_id: customerId,
        created_by: a.userId,
        series_id: s.id,
        line_items: [{ description: 'Mow and edge', unit_price: 80, quantity: 1 }],
        assignees: [a.userId],
      });
    }
    // the window crosses a DST change (horizon 200 days): both offsets occur
    expect(new Set(jobs.map((j) => j.start.slice(11)))).toEqual(new Set(['07:00:00Z', '08:00:00Z']));

    // the seed's second example: the instances through jobs.list {seriesId}
    const listed = await a.client.call('jobs.list', { seriesId: s.id });
    expect(listed.count).toBe(mondays.length);
    expect(listed.data).toHaveLength(Math.min(20, mondays.length));
    expect(listed.data[0]).toMatchObject({ series_id: s.id, status: 'scheduled', title: 'Weekly lawn maintenance', scheduled_start: `${jobs[0].start.slice(0, 19)}.000Z` });
    const job = await a.client.call('jobs.get', { id: listed.data[0].id });
    expect(job).toMatchObject({ series_id: s.id, created_by: a.userId });
    expect(job.job_line_items).toMatchObject([{ description: 'Mow and edge', unit_price: 80, quantity: 1, total: 80 }]);
    expect(job.job_assignments.map((x: any) => x.user_id)).toEqual([a.userId]);
    expect((await b.client.call('jobs.list', { seriesId: s.id })).count).toBe(0);
    await expectError(a.client.call('jobs.list', { seriesId: 'nope' }), 'invalid_input');
  });

  it('expands in a southern-hemisphere timezone across its DST change (Australia/Sydney)', async () => {
    const s = await a.client.call('job_series.create', weekly({ timezone: 'Australia/Sydney', rrule: 'FREQ=DAILY' }));
    const jobs = await instances(a, s.id);
    expect(jobs).toHaveLength(HORIZON);
    for (const j of jobs) {
      const offset = DateTime.fromISO(j.date, { zone: 'Australia/Sydney' }).offset; // +600 or +660
      expect(j.start).toBe(`${plusDays(j.date, -1)}T${offset === 600 ? '14' : '13'}:00:00Z`);
    }
    expect(new Set(jobs.map((j) => j.start.slice(11)))).toEqual(new Set(['13:00:00Z', '14:00:00Z']));
  });

  it('get embeds the template line items (with total) and assignments; list is most recent first with a customer filter', async () => {
    const c = await a.client.call('customers.create', { display_name: 'Listed' });
    const tenant = await newTenant(t);
    const other = await tenant.client.call('customers.create', { display_name: 'Other' });
    const s1 = await tenant.client.call('job_series.create', weekly({ title: 'first', customer_id: other.id }));
    const s2 = await tenant.client.call(
      'job_series.create',
      weekly({
        title: 'second',
        flat_price: 120.5,
        line_items: [
          { description: 'B', unit_price: 10.05, quantity: 3, sort_order: 2 },
          { description: 'A', unit_price: 19.99, quantity: 1.5, sort_order: 1 },
        ],
        assigned_user_ids: [tenant.userId],
      }),
    );
    const got = await tenant.client.call('job_series.get', { id: s2.id });
    expect(got).toMatchObject({ id: s2.id, title: 'second', flat_price: 120.5 });
    expect(got.job_series_line_items.map((l: any) => [l.description, l.total])).toEqual([
      ['A', 29.99], // 29.985 rounds half away from zero
      ['B', 30.15],
    ]);
    expect(got.job_series_assignments.map((x: any) => x.user_id)).toEqual([tenant.userId]);
    const list = await tenant.client.call('job_series.list', {});
    expect(list).toMatchObject({ count: 2, page: 1, limit: 20 });
    expect(list.data.map((r: any) => r.id)).toEqual([s2.id, s1.id]);
    const filtered = await tenant.client.call('job_series.list', { customerId: other.id });
    expect(filtered.data.map((r: any) => r.id)).toEqual([s1.id]);
    expect((await tenant.client.call('job_series.list', { page: 2 })).data).toEqual([]);
    expect((await a.client.call('job_series.list', { customerId: c.id })).count).toBe(0);
    const inst = await instances(tenant, s2.id);
    expect(inst[0]).toMatchObject({ flat_price: 120.5, line_items: [{ description: 'A' }, { description: 'B' }] });
  });

  it('one tenant never sees, changes or references another tenant’s series, customers or users', async () => {
    const s = await a.client.call('job_series.create', weekly());
    await expectError(b.client.call('job_series.get', { id: s.id }), 'not_found');
    await expectError(b.client.call('job_series.update', { id: s.id, title: 'x' }), 'not_found');
    await expectError(b.client.call('job_series.end', { id: s.id }), 'not_found');
    expect((await b.client.call('job_series.list', {})).data.map((r: any) => r.id)).not.toContain(s.id);
    const e1 = await expectError(b.client.call('job_series.create', weekly({ customer_id: customerId })), 'invalid_input');
    expect(JSON.stringify(e1.data)).toContain('customer_id');
    const e2 = await expectError(b.client.call('job_series.create', weekly({ assigned_user_ids: [b.userId, a.userId] })), 'invalid_input');
    expect(JSON.stringify(e2.data)).toContain('assigned_user_ids.1');
    const e3 = await expectError(b.client.call('job_series.update', { id: (await b.client.call('job_series.create', weekly())).id, customer_id: customerId }), 'invalid_input');
    expect(JSON.stringify(e3.data)).toContain('customer_id');
    expect(await instances(b, s.id)).toEqual([]);
  });

  it('create and update need a user-bound token; a tenant key can end a series', async () => {
    const tk = await tenantKey(t, a.tenantId);
    await expectError(tk.call('job_series.create', weekly()), 'invalid_input');
    const s = await a.client.call('job_series.create', weekly());
    await expectError(tk.call('job_series.update', { id: s.id, title: 'x' }), 'invalid_input');
    expect(await tk.call('job_series.end', { id: s.id })).toEqual({ ended: true, id: s.id });
  });

  it('scopes: write does not include read, read does not allow writing', async () => {
    const w = await newTenant(t, ['write:job_series']);
    const s = await w.client.call('job_series.create', weekly());
    await expectError(w.client.call('job_series.get', { id: s.id }), 'insufficient_scope');
    await expectError(w.client.call('job_series.list', {}), 'insufficient_scope');
    const r = await newTenant(t, ['read:job_series']);
    await expectError(r.client.call('job_series.create', weekly()), 'insufficient_scope');
    await expectError(r.client.call('job_series.end', { id: randomUUID() }), 'insufficient_scope');
  });

  describe('every bad input is invalid_input naming the field', () => {
    it.each([
      ['title missing', { title: undefined }, 'title'],
      ['title too long', { title: 'x'.repeat(201) }, 'title'],
      ['rrule missing', { rrule: undefined }, 'rrule'],
      ['rrule hourly', { rrule: 'FREQ=HOURLY' }, 'rrule'],
      ['rrule BYHOUR', { rrule: 'FREQ=DAILY;BYHOUR=9' }, 'rrule'],
      ['rrule BYMINUTE', { rrule: 'FREQ=DAILY;BYMINUTE=5' }, 'rrule'],
      ['rrule BYSECOND', { rrule: 'FREQ=DAILY;BYSECOND=5' }, 'rrule'],
      ['rrule COUNT 0', { rrule: 'FREQ=DAILY;COUNT=0' }, 'rrule'],
      ['rrule COUNT 367', { rrule: 'FREQ=DAILY;COUNT=367' }, 'rrule'],
      ['rrule UNTIL beyond 5 years', { rrule: `FREQ=DAILY;UNTIL=${DateTime.now().plus({ years: 5, days: 2 }).toFormat('yyyyMMdd')}` }, 'rrule'],
      ['rrule malformed', { rrule: 'every monday' }, 'rrule'],
      ['rrule that can never match (Feb 30)', { rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, 'rrule'],
      ['timezone unknown', { timezone: 'Mars/Olympus' }, 'timezone'],
      ['timezone missing', { timezone: undefined }, 'timezone'],
      ['dtstart missing', { dtstart: undefined }, 'dtstart'],
      ['dtstart not a date', { dtstart: '2026-02-30' }, 'dtstart'],
      ['dtstart with a time', { dtstart: '2026-07-07T00:00:00Z' }, 'dtstart'],
      ['customer_id not a uuid', { customer_id: 'abc' }, 'customer_id'],
      ['customer_id unknown', { customer_id: randomUUID() }, 'customer_id'],
      ['description too long', { description: 'x'.repeat(5001) }, 'description'],
      ['flat_price negative', { flat_price: -1 }, 'flat_price'],
      ['ends_on not a date', { ends_on: 'soon' }, 'ends_on'],
      ['ends_on before dtstart', { ends_on: '2026-07-01' }, 'ends_on'],
      ['max_occurrences 0', { max_occurrences: 0 }, 'max_occurrences'],
      ['max_occurrences 367', { max_occurrences: 367 }, 'max_occurrences'],
      ['max_occurrences fractional', { max_occurrences: 1.5 }, 'max_occurrences'],
      ['line item description missing', { line_items: [{ unit_price: 1, quantity: 1 }] }, 'line_items.0.description'],
      ['line item description too long', { line_items: [{ description: 'x'.repeat(501), unit_price: 1, quantity: 1 }] }, 'line_items.0.description'],
      ['line item negative price', { line_items: [{ description: 'a', unit_price: -1, quantity: 1 }] }, 'line_items.0.unit_price'],
      ['line item zero quantity', { line_items: [{ description: 'a', unit_price: 1, quantity: 0 }] }, 'line_items.0.quantity'],
      ['assigned user not a uuid', { assigned_user_ids: ['x'] }, 'assigned_user_ids'],
      ['assigned user unknown', { assigned_user_ids: [randomUUID()] }, 'assigned_user_ids.0'],
      ['unknown field', { colour: 'red' }, 'colour'],
    ])('%s', async (_name, patch, field) => {
      const e = await expectError(a.client.call('job_series.create', weekly(patch)), 'invalid_input');
      expect(JSON.stringify(e.data)).toContain(`"${field}`);
    });

    it('a refused create writes nothing', async () => {
      const tenant = await newTenant(t);
      await expectError(tenant.client.call('job_series.create', weekly({ assigned_user_ids: [tenant.userId, randomUUID()] })), 'invalid_input');
      expect((await tenant.client.call('job_series.list', {})).count).toBe(0);
    });

    it('update: dtstart cannot be changed, and bad fields are named', async () => {
      const s = await a.client.call('job_series.create', weekly());
      for (const [patch, field] of [
        [{ dtstart: '2026-08-01' }, 'dtstart'],
        [{ dtstart: '2026-07-07' }, 'dtstart'],
        [{ dtstart: null }, 'dtstart'],
        [{ rrule: 'FREQ=MINUTELY' }, 'rrule'],
        [{ timezone: 'Nowhere/City' }, 'timezone'],
        [{ title: '' }, 'title'],
        [{ max_occurrences: 400 }, 'max_occurrences'],
        [{ ends_on: '2026-01-01' }, 'ends_on'],
        [{ id: 'nope' }, 'id'],
      ] as const) {
        const e = await expectError(a.client.call('job_series.update', { id: s.id, ...patch }), 'invalid_input');
        expect(JSON.stringify(e.data)).toContain(`"${field}`);
      }
      expect(await a.client.call('job_series.get', { id: s.id })).toMatchObject({ dtstart: '2026-07-07', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    });
  });

  describe('the window and the caps', () => {
    it('an open-ended daily series materialises exactly SERIES_HORIZON_DAYS dates from today', async () => {
      const s = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: '2026-01-01' }));
      const jobs = await instances(a, s.id);
      expect(jobs).toHaveLength(HORIZON);
      expect(jobs[0].date).toBe(today('UTC'));
      expect(jobs.at(-1).date).toBe(plusDays(today('UTC'), HORIZON - 1));
    });

    it('COUNT and max_occurrences count over the whole life of the series (earlier occurrences too)', async () => {
      const d0 = plusDays(today('UTC'), -10);
      const c = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY;COUNT=12', timezone: 'UTC', dtstart: d0 }));
      expect((await instances(a, c.id)).map((j) => j.date)).toEqual([today('UTC'), plusDays(today('UTC'), 1)]);
      const m = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: d0, max_occurrences: 13 }));
      expect(await instances(a, m.id)).toHaveLength(3);
      const gone = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY;COUNT=5', timezone: 'UTC', dtstart: d0 }));
      expect(await instances(a, gone.id)).toHaveLength(0);
    });

    it('COUNT across windows: later runs add only what is left of the cap', async () => {
      const gen = t.app.get(SeriesGenerator);
      const d0 = today('UTC');
      const s = await a.client.call('job_series.create', weekly({ rrule: `FREQ=DAILY;INTERVAL=50;COUNT=6`, timezone: 'UTC', dtstart: d0 }));
      expect(await instances(a, s.id)).toHaveLength(4); // days 0, 50, 100, 150 < 200
      const later = DateTime.now().plus({ days: 120 }).toJSDate();
      const series = await t.ds.getRepository(JobSeries).findOneByOrFail({ id: s.id });
      await t.ds.transaction((em) => gen.generate(em, series, later));
      expect((await instances(a, s.id)).map((j) => j.date)).toEqual([0, 50, 100, 150, 200, 250].map((n) => plusDays(d0, n)));
      await t.ds.transaction((em) => gen.generate(em, series, DateTime.now().plus({ days: 400 }).toJSDate()));
      expect(await instances(a, s.id)).toHaveLength(6);
    });

    it('UNTIL and ends_on are inclusive', async () => {
      const d0 = today('UTC');
      const u = await a.client.call('job_series.create', weekly({ rrule: `FREQ=DAILY;UNTIL=${plusDays(d0, 3).replace(/-/g, '')}`, timezone: 'UTC', dtstart: d0 }));
      expect(await instances(a, u.id)).toHaveLength(4);
      const e = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: d0, ends_on: plusDays(d0, 6) }));
      expect((await instances(a, e.id)).at(-1).date).toBe(plusDays(d0, 6));
      expect(await instances(a, e.id)).toHaveLength(7);
    });

    it('dtstart anchors the rule: nothing is generated before it', async () => {
      const d0 = plusDays(today('UTC'), 30);
      const s = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: d0 }));
      const jobs = await instances(a, s.id);
      expect(jobs[0].date).toBe(d0);
      expect(jobs).toHaveLength(HORIZON - 30);
    });
  });

  describe('update is edit-all', () => {
    it('replaces future unscheduled/scheduled instances from the new template and leaves done, cancelled and past ones', async () => {
      const d0 = today('UTC');
      const s = await a.client.call(
        'job_series.create',
        weekly({
          rrule: 'FREQ=DAILY',
          timezone: 'UTC',
          dtstart: plusDays(d0, -3),
          ends_on: plusDays(d0, 9),
          line_items: [{ description: 'old', unit_price: 1, quantity: 1 }],
        }),
      );
      // a past instance (generated before today), kept as history
      await t.ds.query(
        `INSERT INTO jobs (tenant_id, series_id, occurrence_date, title, status, scheduled_start, created_by) VALUES ($1, $2, $3, 'Weekly lawn maintenance', 'scheduled', $4, $5)`,
        [a.tenantId, s.id, plusDays(d0, -2), `${plusDays(d0, -2)}T00:00:00Z`, a.userId],
      );
      const before = await instances(a, s.id);
      expect(before).toHaveLength(11);
      const done = before.find((j) => j.date === plusDays(d0, 2));
      const cancelled = before.find((j) => j.date === plusDays(d0, 4));
      await setStatus(done.id, 'done');
      await setStatus(cancelled.id, 'cancelled');

      const u = await a.client.call('job_series.update', {
        id: s.id,
        title: 'Bi-daily lawn care',
        rrule: 'FREQ=DAILY;INTERVAL=2',
        customer_id: customerId,
        flat_price: 99.99,
        line_items: [{ description: 'new', unit_price: 2.5, quantity: 2 }],
        assigned_user_ids: [a.userId],
      });
      expect(u).toMatchObject({ id: s.id, title: 'Bi-daily lawn care', rrule: 'FREQ=DAILY;INTERVAL=2', dtstart: plusDays(d0, -3), flat_price: 99.99 });
      const after = await instances(a, s.id);
      const byDate = Object.fromEntries(after.map((j) => [j.date, j]));
      // history untouched
      expect(byDate[plusDays(d0, -2)]).toMatchObject({ title: 'Weekly lawn maintenance', status: 'scheduled' });
      expect(byDate[plusDays(d0, 2)]).toMatchObject({ id: done.id, status: 'done', title: 'Weekly lawn maintenance', line_items: [{ description: 'old' }] });
      expect(byDate[plusDays(d0, 4)]).toMatchObject({ id: cancelled.id, status: 'cancelled', title: 'Weekly lawn maintenance' });
      // future ones follow the new rule (every 2 days from dtstart = d0-3: d0-1, d0+1, d0+3, …) and template
      // today's instance started at 00:00Z, so it is already past: kept as it was
      expect(byDate[d0]).toMatchObject({ title: 'Weekly lawn maintenance', status: 'scheduled' });
      const regenerated = after.filter((j) => j.date > d0 && j.status === 'scheduled');
      expect(regenerated.map((j) => j.date)).toEqual([1, 3, 5, 7, 9].map((n) => plusDays(d0, n)));
      for (const j of regenerated)
        expect(j).toMatchObject({
          title: 'Bi-daily lawn care',
          customer_id: customerId,
          flat_price: 99.99,
          line_items: [{ description: 'new', unit_price: 2.5, quantity: 2 }],
          assignees: [a.userId],
        });
      expect(after.find((j) => j.date === plusDays(d0, 6))).toBeUndefined();
      const got = await a.client.call('job_series.get', { id: s.id });
      expect(got.job_series_line_items.map((l: any) => [l.description, l.total])).toEqual([['new', 5]]);
    });

    it('omitted lists stay; null clears optional fields; ends_on can pause and resume generation', async () => {
      const d0 = today('UTC');
      const s = await a.client.call(
        'job_series.create',
        weekly({
          rrule: 'FREQ=DAILY',
          timezone: 'UTC',
          dtstart: d0,
          flat_price: 10,
          customer_id: customerId,
          line_items: [{ description: 'keep', unit_price: 1, quantity: 1 }],
          assigned_user_ids: [a.userId],
        }),
      );
      await a.client.call('job_series.update', { id: s.id, ends_on: plusDays(d0, 1), flat_price: null, customer_id: null, description: null });
      const paused = await instances(a, s.id);
      expect(paused).toHaveLength(2);
      expect(paused[1]).toMatchObject({ flat_price: null, customer_id: null, line_items: [{ description: 'keep' }], assignees: [a.userId] });
      const got = await a.client.call('job_series.get', { id: s.id });
      expect(got).toMatchObject({ ends_on: plusDays(d0, 1), flat_price: null, customer_id: null });
      expect(got.job_series_line_items).toHaveLength(1);
      expect(got.job_series_assignments).toHaveLength(1);
      await a.client.call('job_series.update', { id: s.id, ends_on: null, line_items: [], assigned_user_ids: [] });
      const resumed = await instances(a, s.id);
      expect(resumed).toHaveLength(HORIZON);
      expect(resumed[1]).toMatchObject({ line_items: null, assignees: null });
    });

    it('changing the timezone moves the future instances to local midnight of the new zone', async () => {
      const s = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: today('UTC') }));
      await a.client.call('job_series.update', { id: s.id, timezone: 'Asia/Tokyo' });
      const jobs = await instances(a, s.id);
      const future = jobs.filter((j) => j.date > today('UTC'));
      expect(future.length).toBeGreaterThan(100);
      for (const j of future) expect(j.start).toBe(`${plusDays(j.date, -1)}T15:00:00Z`);
    });

    it('an unscheduled future instance (start cleared) is replaced too; if regeneration fails the template is still updated', async () => {
      const gen = t.app.get(SeriesGenerator);
      const d0 = today('UTC');
      const s = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: d0, ends_on: plusDays(d0, 5) }));
      const jobs = await instances(a, s.id);
      await a.client.call('jobs.update', { id: jobs[3].id, scheduled_start: null, status: 'unscheduled' });
      const spy = jest.spyOn(gen, 'generate').mockRejectedValueOnce(transientFailure());
      const u = await a.client.call('job_series.update', { id: s.id, title: 'Renamed' });
      spy.mockRestore();
      expect(u.title).toBe('Renamed');
      expect((await a.client.call('job_series.get', { id: s.id })).title).toBe('Renamed');
      // future instances were wiped (today's, already started, stays); the next run regenerates them
      expect((await instances(a, s.id)).map((j) => j.date)).toEqual([d0]);
      await gen.run({ tenantId: a.tenantId });
      const after = await instances(a, s.id);
      expect(after).toHaveLength(6);
      expect(after.slice(1).every((j) => j.title === 'Renamed' && j.status === 'scheduled')).toBe(true);
    });

    it('update of a missing series is not_found', async () => {
      await expectError(a.client.call('job_series.update', { id: randomUUID(), title: 'x' }), 'not_found');
      await expectError(a.client.call('job_series.get', { id: randomUUID() }), 'not_found');
      await expectError(a.client.call('job_series.end', { id: randomUUID() }), 'not_found');
    });
  });

  describe('end', () => {
    it('is one-way: ends_on becomes today, future pending instances are cancelled, done/cancelled stay; ending again is a no-op', async () => {
      const d0 = today('America/Los_Angeles');
      const s = await a.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', dtstart: plusDays(d0, -1) }));
      const before = await instances(a, s.id);
      await setStatus(before[3].id, 'done');
      expect(await a.client.call('job_series.end', { id: s.id })).toEqual({ ended: true, id: s.id });
      const after = await instances(a, s.id);
      expect(after).toHaveLength(before.length);
      expect(after.find((j) => j.id === before[3].id).status).toBe('done');
      // today's instance started at local midnight (already past): it is left; every later one is cancelled
      expect(after.filter((j) => j.date > d0).every((j) => j.id === before[3].id || j.status === 'cancelled')).toBe(true);
      expect(await a.client.call('job_series.get', { id: s.id })).toMatchObject({ ends_on: d0 });
      expect(await a.client.call('job_series.end', { id: s.id })).toEqual({ ended: true, id: s.id });
      await expectError(a.client.call('job_series.update', { id: s.id, ends_on: null }), 'conflict');
      const gen = await t.app.get(SeriesGenerator).run({ tenantId: a.tenantId, now: DateTime.now().plus({ days: 30 }).toJSDate() });
      expect(gen.skipped).toBeUndefined();
      expect((await instances(a, s.id)).length).toBe(before.length);
    });
  });

  describe('the scheduler', () => {
    it('retries a series whose first generation failed; the series itself is created', async () => {
      const gen = t.app.get(SeriesGenerator);
      const tenant = await newTenant(t);
      const spy = jest.spyOn(gen, 'generate').mockRejectedValueOnce(transientFailure());
      const s = await tenant.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: today('UTC') }));
      spy.mockRestore();
      expect((await tenant.client.call('job_series.get', { id: s.id })).id).toBe(s.id);
      expect(await instances(tenant, s.id)).toHaveLength(0);
      expect(await gen.run({ tenantId: tenant.tenantId })).toEqual({ series_processed: 1, jobs_created: HORIZON });
      expect(await instances(tenant, s.id)).toHaveLength(HORIZON);
    });

    it('extends windows idempotently: run twice, or twice at once, never duplicates', async () => {
      const gen = t.app.get(SeriesGenerator);
      const tenant = await newTenant(t);
      const s = await tenant.client.call('job_series.create', weekly({ rrule: 'FREQ=DAILY', timezone: 'UTC', dtstart: today('UTC') }));
      const later = DateTime.now().plus({ days: 10 }).toJSDate();
      expect(await gen.run({ tenantId: tenant.tenantId, now: later })).toEqual({ series_processed: 1, jobs_created: 10 });
      expect(await gen.run({ tenantId: tenant.tenantId, now: later })).toEqual({ series_processed: 1, jobs_created: 0 });
      // two runs at once: the advisory lock lets one through
      const both = await Promise.all([
        gen.run({ tenantId: tenant.tenantId, now: DateTime.now().plus({ days: 20 }).toJSDate() }),
        gen.run({ tenantId: tenant.tenantId, now: DateTime.now().plus({ days: 20 }).toJSDate() }),
      ]);
      expect(both.reduce((n, r) => n + r.jobs_created, 0)).toBe(10);
      // two generators on two connections, bypassing every lock: the unique constraint still holds
      const series = await t.ds.getRepository(JobSeries).findOneByOrFail({ id: s.id });
      const when = DateTime.now().plus({ days: 35 }).toJSDate();
      const counts = await Promise.all([0, 1].map(() => t.ds.transaction((em) => gen.generate(em, series, when))));
      expect(counts.reduce((x, y) => x + y, 0)).toBe(15);
      const jobs = await instances(tenant, s.id);
      expect(jobs).toHaveLength(HORIZON + 35);
      expect(new Set(jobs.map((j) => j.date)).size).toBe(jobs.length);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM job_line_items li JOIN jobs j ON j.id = li.job_id WHERE j.series_id = $1`, [s.id]);
      expect(n).toBe(0);
    });
  });
});
