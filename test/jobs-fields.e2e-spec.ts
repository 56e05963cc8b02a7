import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { expectError, newTenant, startApp, TestApp, TestTenant } from './support/app';

// The fields jobs and job series gained together: job_series.location_id, start_time and
// duration_minutes, and catalog_item_id on job and series template lines (priced like quote lines,
// carried from quote to job to invoice, and from a series template to its instances).
const HORIZON = 200; // any 200-day window crosses at least one DST change

describe('job and job series fields', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;

  /** Every instance of a series through jobs.list {seriesId}, page by page, in start order. */
  const instances = async (tenant: TestTenant, seriesId: string) => {
    const rows: any[] = [];
    for (let page = 1; ; page++) {
      const p = await tenant.client.call('jobs.list', { seriesId, page });
      rows.push(...p.data);
      if (rows.length >= p.count) return rows;
    }
  };
  const weekly = (extra: Record<string, unknown> = {}) => ({
    title: 'Weekly visit',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    timezone: 'America/Los_Angeles',
    dtstart: '2026-07-07',
    ...extra,
  });
  const issuePath = async (p: Promise<unknown>) => (await expectError(p, 'invalid_input')).data.issues.map((i: any) => i.path);

  beforeAll(async () => {
    t = await startApp({ SERIES_HORIZON_DAYS: String(HORIZON), RATE_LIMIT_PER_MINUTE: '0' });
    a = await newTenant(t);
    b = await newTenant(t);
  });
  afterAll(() => t.close());

  describe('job_series.location_id', () => {
    it("takes a location of the series' customer, shows it, and gives it to every instance", async () => {
      const c = await a.client.call('customers.create', { display_name: 'Lawn owner' });
      const loc = await a.client.call('locations.create', { customer_id: c.id, line1: '1 Grass Rd' });
      const s = await a.client.call('job_series.create', weekly({ customer_id: c.id, location_id: loc.id }));
      expect(s.location_id).toBe(loc.id);
      expect((await a.client.call('job_series.get', { id: s.id })).location_id).toBe(loc.id);
      expect((await a.client.call('job_series.list', { customerId: c.id })).data[0].location_id).toBe(loc.id);
      const jobs = await instances(a, s.id);
      expect(jobs.length).toBeGreaterThan(20);
      for (const j of [jobs[0], jobs.at(-1)]) expect((await a.client.call('jobs.get', { id: j.id })).location_id).toBe(loc.id);

      // clearing it: the regenerated instances have no location
      const cleared = await a.client.call('job_series.update', { id: s.id, location_id: null });
      expect(cleared.location_id).toBeNull();
      expect((await a.client.call('jobs.get', { id: (await instances(a, s.id))[0].id })).location_id).toBeNull();
    });

    it("refuses another customer's location, another tenant's, and a customer change that strands the location", async () => {
      const c1 = await a.client.call('customers.create', { display_name: 'One' });
      const c2 = await a.client.call('customers.create', { display_name: 'Two' });
      const l1 = await a.client.call('locations.create', { customer_id: c1.id, line1: '1 First St' });
      const l2 = await a.client.call('locations.create', { customer_id: c2.id, line1: '2 Second St' });
      expect(await issuePath(a.client.call('job_series.create', weekly({ customer_id: c1.id, location_id: l2.id })))).toEqual(['location_id']);
      const bc = await b.client.call('customers.create', { display_name: 'B' });
      const bl = await b.client.call('locations.create', { customer_id: bc.id, line1: '3 Other Tenant Ave' });
      expect(await issuePath(a.client.call('job_series.create', weekly({ location_id: bl.id })))).toEqual(['location_id']);
      expect(await issuePath(a.client.call('job_series.create', weekly({ location_id: randomUUID() })))).toEqual(['location_id']);
      expect(await issuePath(a.client.call('job_series.create', weekly({ location_id: 'nope' })))).toEqual(['location_id']);

      const s = await a.client.call('job_series.create', weekly({ customer_id: c1.id, location_id: l1.id }));
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, location_id: l2.id }))).toEqual(['location_id']);
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, customer_id: c2.id }))).toEqual(['location_id']);
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, location_id: bl.id }))).toEqual(['location_id']);
      expect((await a.client.call('job_series.get', { id: s.id })).location_id).toBe(l1.id);
      const moved = await a.client.call('job_series.update', { id: s.id, customer_id: c2.id, location_id: l2.id });
      expect(moved).toMatchObject({ customer_id: c2.id, location_id: l2.id });
    });
  });

  describe('job_series.start_time and duration_minutes', () => {
    it('09:00 in America/Los_Angeles is 17:00Z in winter and 16:00Z in summer; scheduled_end = start + duration', async () => {
      const s = await a.client.call('job_series.create', weekly({ start_time: '09:00', duration_minutes: 90 }));
      expect(s).toMatchObject({ start_time: '09:00', duration_minutes: 90 });
      const jobs = await instances(a, s.id);
      expect(jobs.length).toBeGreaterThanOrEqual(28);
      for (const j of jobs) {
        const local = DateTime.fromISO(j.scheduled_start, { zone: 'America/Los_Angeles' });
        expect(local.weekday).toBe(1);
        expect(local.toFormat('HH:mm')).toBe('09:00');
        expect(j.scheduled_start.slice(11, 16)).toBe(local.offset === -480 ? '17:00' : '16:00');
        expect(Date.parse(j.scheduled_end) - Date.parse(j.scheduled_start)).toBe(90 * 60_000);
        expect(j.status).toBe('scheduled');
      }
      expect(new Set(jobs.map((j) => j.scheduled_start.slice(11, 16)))).toEqual(new Set(['16:00', '17:00']));
    });

    it('09:00 in Australia/Sydney is 23:00Z the day before in winter (AEST) and 22:00Z in summer (AEDT)', async () => {
      const s = await a.client.call('job_series.create', weekly({ timezone: 'Australia/Sydney', start_time: '09:00' }));
      const jobs = await instances(a, s.id);
      for (const j of jobs) {
        const local = DateTime.fromISO(j.scheduled_start, { zone: 'Australia/Sydney' });
        expect([local.weekday, local.toFormat('HH:mm')]).toEqual([1, '09:00']);
        expect(j.scheduled_start.slice(11, 16)).toBe(local.offset === 600 ? '23:00' : '22:00');
        expect(j.scheduled_end).toBeNull();
      }
      expect(new Set(jobs.map((j) => j.scheduled_start.slice(11, 16)))).toEqual(new Set(['22:00', '23:00']));
    });

    it('without start_time instances start at local midnight and have no end', async () => {
      const s = await a.client.call('job_series.create', weekly());
      expect(s).toMatchObject({ start_time: null, duration_minutes: null });
      const [first] = await instances(a, s.id);
      expect(DateTime.fromISO(first.scheduled_start, { zone: 'America/Los_Angeles' }).toFormat('HH:mm')).toBe('00:00');
      expect(first.scheduled_end).toBeNull();
    });

    it('update changing them regenerates the future instances at the new time', async () => {
      const s = await a.client.call('job_series.create', weekly());
      const before = await instances(a, s.id);
      const u = await a.client.call('job_series.update', { id: s.id, start_time: '07:30', duration_minutes: 45 });
      expect(u).toMatchObject({ start_time: '07:30', duration_minutes: 45 });
      const after = await instances(a, s.id);
      expect(after).toHaveLength(before.length);
      for (const j of after) {
        expect(DateTime.fromISO(j.scheduled_start, { zone: 'America/Los_Angeles' }).toFormat('HH:mm')).toBe('07:30');
        expect(Date.parse(j.scheduled_end) - Date.parse(j.scheduled_start)).toBe(45 * 60_000);
      }
      // clearing start_time clears the duration with it: back to local midnight, no end
      const cleared = await a.client.call('job_series.update', { id: s.id, start_time: null });
      expect(cleared).toMatchObject({ start_time: null, duration_minutes: null });
      const [first] = await instances(a, s.id);
      expect(DateTime.fromISO(first.scheduled_start, { zone: 'America/Los_Angeles' }).toFormat('HH:mm')).toBe('00:00');
      expect(first.scheduled_end).toBeNull();
    });

    it.each([
      ['start_time without leading zero', { start_time: '9:00' }, 'start_time'],
      ['start_time 24:00', { start_time: '24:00' }, 'start_time'],
      ['start_time with minute 60', { start_time: '09:60' }, 'start_time'],
      ['start_time with seconds', { start_time: '09:00:00' }, 'start_time'],
      ['start_time with am/pm', { start_time: '9am' }, 'start_time'],
      ['start_time as a number', { start_time: 900 }, 'start_time'],
      ['start_time empty', { start_time: '' }, 'start_time'],
      ['duration_minutes 0', { start_time: '09:00', duration_minutes: 0 }, 'duration_minutes'],
      ['duration_minutes over a day', { start_time: '09:00', duration_minutes: 1441 }, 'duration_minutes'],
      ['duration_minutes fractional', { start_time: '09:00', duration_minutes: 1.5 }, 'duration_minutes'],
      ['duration_minutes as a string', { start_time: '09:00', duration_minutes: '60' }, 'duration_minutes'],
      ['duration_minutes without start_time', { duration_minutes: 60 }, 'duration_minutes'],
    ])('create refuses %s (invalid_input naming the field)', async (_name, extra, path) => {
      expect(await issuePath(a.client.call('job_series.create', weekly({ title: `bad ${randomUUID()}`, ...extra })))).toEqual([path]);
    });

    it('the edges are accepted: 00:00, 23:59, 1 and 1440 minutes', async () => {
      const s1 = await a.client.call('job_series.create', weekly({ start_time: '00:00', duration_minutes: 1 }));
      expect(s1).toMatchObject({ start_time: '00:00', duration_minutes: 1 });
      const s2 = await a.client.call('job_series.create', weekly({ start_time: '23:59', duration_minutes: 1440 }));
      expect(s2).toMatchObject({ start_time: '23:59', duration_minutes: 1440 });
    });

    it('update refuses a duration the series would hold without a start time, and changes nothing', async () => {
      const s = await a.client.call('job_series.create', weekly());
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, duration_minutes: 30 }))).toEqual(['duration_minutes']);
      const timed = await a.client.call('job_series.create', weekly({ start_time: '10:00', duration_minutes: 60 }));
      expect(await issuePath(a.client.call('job_series.update', { id: timed.id, start_time: null, duration_minutes: 30 }))).toEqual(['duration_minutes']);
      expect(await issuePath(a.client.call('job_series.update', { id: timed.id, start_time: '25:00' }))).toEqual(['start_time']);
      expect(await a.client.call('job_series.get', { id: timed.id })).toMatchObject({ start_time: '10:00', duration_minutes: 60 });
      // a duration alone on a series that has a start time is fine
      expect(await a.client.call('job_series.update', { id: timed.id, duration_minutes: 30 })).toMatchObject({ start_time: '10:00', duration_minutes: 30 });
    });
  });

  describe('catalog_item_id on job lines', () => {
    let item: any;
    let bare: any;
    beforeAll(async () => {
      item = await a.client.call('catalog_items.create', { name: 'Drain cleaning', description: 'Snake the main drain', unit_price: 149, taxable: false });
      bare = await a.client.call('catalog_items.create', { name: 'Service call', unit_price: 89.5 });
    });

    it('an omitted description and unit_price come from the catalog item, as on quotes', async () => {
      const j = await a.client.call('jobs.create', {
        title: 'Drain',
        line_items: [
          { catalog_item_id: item.id, quantity: 2 },
          { catalog_item_id: bare.id, quantity: 1 },
          { description: 'Parts', unit_price: 12.5, quantity: 1 },
        ],
      });
      const full = await a.client.call('jobs.get', { id: j.id });
      expect(full.job_line_items).toEqual([
        { id: expect.any(String), catalog_item_id: item.id, description: 'Snake the main drain', unit_price: 149, quantity: 2, total: 298, sort_order: 0 },
        { id: expect.any(String), catalog_item_id: bare.id, description: 'Service call', unit_price: 89.5, quantity: 1, total: 89.5, sort_order: 1 },
        { id: expect.any(String), catalog_item_id: null, description: 'Parts', unit_price: 12.5, quantity: 1, total: 12.5, sort_order: 2 },
      ]);
    });

    it('explicit values win over the catalog item, on create and on update', async () => {
      const j = await a.client.call('jobs.create', {
        title: 'Discount',
        line_items: [{ catalog_item_id: item.id, description: 'Drain, friends rate', unit_price: 99, quantity: 1 }],
      });
      expect((await a.client.call('jobs.get', { id: j.id })).job_line_items[0]).toMatchObject({ catalog_item_id: item.id, description: 'Drain, friends rate', unit_price: 99 });
      await a.client.call('jobs.update', { id: j.id, line_items: [{ catalog_item_id: item.id, unit_price: 0, quantity: 1 }] });
      expect((await a.client.call('jobs.get', { id: j.id })).job_line_items).toMatchObject([
        { catalog_item_id: item.id, description: 'Snake the main drain', unit_price: 0, total: 0 },
      ]);
    });

    it("refuses another tenant's item, an unknown one, and a line with neither item nor description/price", async () => {
      const theirs = await b.client.call('catalog_items.create', { name: 'B item', unit_price: 5 });
      const plain = { description: 'ok', unit_price: 1, quantity: 1 };
      expect(await issuePath(a.client.call('jobs.create', { title: 'X', line_items: [plain, { catalog_item_id: theirs.id, quantity: 1 }] }))).toEqual([
        'line_items.1.catalog_item_id',
      ]);
      expect(await issuePath(a.client.call('jobs.create', { title: 'X', line_items: [{ catalog_item_id: randomUUID(), quantity: 1 }] }))).toEqual(['line_items.0.catalog_item_id']);
      expect(await issuePath(a.client.call('jobs.create', { title: 'X', line_items: [{ catalog_item_id: 'nope', quantity: 1 }] }))).toEqual(['line_items.0.catalog_item_id']);
      expect(await issuePath(a.client.call('jobs.create', { title: 'X', line_items: [{ unit_price: 1, quantity: 1 }] }))).toEqual(['line_items.0.description']);
      expect(await issuePath(a.client.call('jobs.create', { title: 'X', line_items: [{ description: 'no price', quantity: 1 }] }))).toEqual(['line_items.0.unit_price']);
      const j = await a.client.call('jobs.create', { title: 'Keep lines', line_items: [plain] });
      expect(await issuePath(a.client.call('jobs.update', { id: j.id, line_items: [{ catalog_item_id: theirs.id, quantity: 1 }] }))).toEqual(['line_items.0.catalog_item_id']);
      expect((await a.client.call('jobs.get', { id: j.id })).job_line_items).toMatchObject([{ description: 'ok', catalog_item_id: null }]);
    });

    it('an archived item cannot be put on a job, but a job that already has it keeps it when its lines are resent', async () => {
      const old = await a.client.call('catalog_items.create', { name: 'Old part', unit_price: 7 });
      const j = await a.client.call('jobs.create', { title: 'Has old part', line_items: [{ catalog_item_id: old.id, quantity: 1 }] });
      await a.client.call('catalog_items.archive', { id: old.id });
      expect(await issuePath(a.client.call('jobs.create', { title: 'New', line_items: [{ catalog_item_id: old.id, quantity: 1 }] }))).toEqual(['line_items.0.catalog_item_id']);
      const other = await a.client.call('jobs.create', { title: 'Other' });
      expect(await issuePath(a.client.call('jobs.update', { id: other.id, line_items: [{ catalog_item_id: old.id, quantity: 1 }] }))).toEqual(['line_items.0.catalog_item_id']);
      await a.client.call('jobs.update', { id: j.id, line_items: [{ catalog_item_id: old.id, quantity: 3 }] });
      expect((await a.client.call('jobs.get', { id: j.id })).job_line_items).toMatchObject([
        { catalog_item_id: old.id, description: 'Old part', unit_price: 7, quantity: 3, total: 21 },
      ]);
    });

    it('series template lines take catalog items the same way, and every instance copies the link', async () => {
      const s = await a.client.call(
        'job_series.create',
        weekly({
          line_items: [
            { catalog_item_id: item.id, quantity: 1 },
            { catalog_item_id: bare.id, unit_price: 50, quantity: 2 },
          ],
        }),
      );
      const full = await a.client.call('job_series.get', { id: s.id });
      expect(full.job_series_line_items).toEqual([
        { id: expect.any(String), catalog_item_id: item.id, description: 'Snake the main drain', unit_price: 149, quantity: 1, total: 149, sort_order: 0 },
        { id: expect.any(String), catalog_item_id: bare.id, description: 'Service call', unit_price: 50, quantity: 2, total: 100, sort_order: 1 },
      ]);
      const jobs = await instances(a, s.id);
      for (const j of [jobs[0], jobs.at(-1)]) {
        expect((await a.client.call('jobs.get', { id: j.id })).job_line_items.map((l: any) => [l.catalog_item_id, l.description, l.unit_price, l.quantity])).toEqual([
          [item.id, 'Snake the main drain', 149, 1],
          [bare.id, 'Service call', 50, 2],
        ]);
      }
      const theirs = await b.client.call('catalog_items.create', { name: 'B thing', unit_price: 1 });
      expect(await issuePath(a.client.call('job_series.create', weekly({ line_items: [{ catalog_item_id: theirs.id, quantity: 1 }] })))).toEqual(['line_items.0.catalog_item_id']);
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, line_items: [{ catalog_item_id: theirs.id, quantity: 1 }] }))).toEqual([
        'line_items.0.catalog_item_id',
      ]);
      expect(await issuePath(a.client.call('job_series.update', { id: s.id, line_items: [{ quantity: 1 }] }))).toEqual(['line_items.0.description']);
      expect((await a.client.call('job_series.get', { id: s.id })).job_series_line_items).toHaveLength(2);
    });

    it("quote → job → invoice carries each line's catalog_item_id, and the invoice takes the item's taxable", async () => {
      const c = await a.client.call('customers.create', { display_name: 'Carry-over' });
      const rate = await a.client.call('tax_rates.create', { name: 'State', rate: 10 });
      const q = await a.client.call('quotes.create', {
        customer_id: c.id,
        title: 'Drain job',
        line_items: [
          { catalog_item_id: item.id, quantity: 1 }, // not taxable, from the item
          { catalog_item_id: bare.id, quantity: 2 },
          { description: 'Custom', unit_price: 10, quantity: 1 },
        ],
      });
      await a.client.call('quotes.update', { id: q.id, status: 'sent' });
      await a.client.call('quotes.update', { id: q.id, status: 'approved' });
      // archiving an item the approved quote uses does not stop the job from copying it
      await a.client.call('catalog_items.archive', { id: bare.id });
      const job = await a.client.call('jobs.create', { title: 'Drain job', quote_id: q.id });
      const jl = (await a.client.call('jobs.get', { id: job.id })).job_line_items;
      expect(jl.map((l: any) => [l.catalog_item_id, l.description, l.unit_price, l.quantity])).toEqual([
        [item.id, 'Snake the main drain', 149, 1],
        [bare.id, 'Service call', 89.5, 2],
        [null, 'Custom', 10, 1],
      ]);
      const inv = await a.client.call('invoices.create', { job_id: job.id, tax_rate_id: rate.id });
      const il = (await a.client.call('invoices.get', { id: inv.id })).line_items;
      expect(il.map((l: any) => [l.catalog_item_id, l.description, l.unit_price, l.quantity, l.taxable])).toEqual([
        [item.id, 'Snake the main drain', 149, 1, false],
        [bare.id, 'Service call', 89.5, 2, true],
        [null, 'Custom', 10, 1, true],
      ]);
      // subtotal 149 + 179 + 10 = 338; tax 10% of the taxable 189 = 18.90
      expect(inv).toMatchObject({ subtotal: 338, tax_total: 18.9, total: 356.9 });
      await a.client.call('catalog_items.update', { id: bare.id, archived: false });
    });

    it('tools/list shows catalog_item_id on job and series line items, with description and unit_price optional', async () => {
      const tools = await a.client.tools();
      for (const name of ['jobs.create', 'jobs.update', 'job_series.create', 'job_series.update']) {
        const schema = tools.find((x: any) => x.name === name).inputSchema;
        const line = schema.properties.line_items.items;
        const resolved = line.$ref ? (schema.definitions?.[line.$ref.split('/').pop()] ?? schema.$defs?.[line.$ref.split('/').pop()]) : line;
        expect(Object.keys(resolved.properties)).toEqual(expect.arrayContaining(['catalog_item_id', 'description', 'unit_price', 'quantity', 'sort_order']));
        expect(resolved.required ?? []).toEqual(['quantity']);
      }
      const create = tools.find((x: any) => x.name === 'job_series.create').inputSchema;
      expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['location_id', 'start_time', 'duration_minutes']));
    });
  });
});
