import { randomUUID } from 'node:crypto';
import { expectError, newTenant, startApp, tenantKey, TestApp, TestTenant } from './support/app';

describe('jobs', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    t = await startApp();
    a = await newTenant(t);
    b = await newTenant(t);
  });
  afterAll(() => t.close());

  const member = async (tt: TestTenant) => (await t.tenancy.createUser(tt.tenantId, { email: `${randomUUID()}@test.dev`, role: 'member' })).id;

  it("runs the seed's example: a scheduled job for a customer with a team member and two line items", async () => {
    const customer = await a.client.call('customers.create', { display_name: 'Henderson' });
    const tech = await member(a);
    const job = await a.client.call('jobs.create', {
      title: 'Replace kitchen faucet',
      customer_id: customer.id,
      description: 'Customer reported dripping cold side. Bring 1/2-inch compression fittings.',
      scheduled_start: '2026-06-16T09:00:00Z',
      scheduled_end: '2026-06-16T11:00:00Z',
      assigned_user_ids: [tech],
      line_items: [
        { description: 'Labor — faucet replacement', unit_price: 95.0, quantity: 2 },
        { description: 'Kitchen faucet (customer-supplied)', unit_price: 0, quantity: 1 },
      ],
    });
    expect(job).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenant_id: a.tenantId,
      customer_id: customer.id,
      series_id: null,
      quote_id: null,
      location_id: null,
      title: 'Replace kitchen faucet',
      description: 'Customer reported dripping cold side. Bring 1/2-inch compression fittings.',
      flat_price: null,
      status: 'scheduled',
      scheduled_start: '2026-06-16T09:00:00.000Z',
      scheduled_end: '2026-06-16T11:00:00.000Z',
      completed_at: null,
      created_by: a.userId,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      customer: { id: customer.id, display_name: 'Henderson' },
    });
    // the create result carries no nested arrays
    expect(job).not.toHaveProperty('job_line_items');
    expect(job).not.toHaveProperty('job_assignments');
    expect(job).not.toHaveProperty('job_media');

    const full = await a.client.call('jobs.get', { id: job.id });
    expect(full).toMatchObject({ ...job, updated_at: expect.any(String) });
    expect(full.job_line_items).toEqual([
      { id: expect.any(String), catalog_item_id: null, description: 'Labor — faucet replacement', unit_price: 95, quantity: 2, total: 190, sort_order: 0 },
      { id: expect.any(String), catalog_item_id: null, description: 'Kitchen faucet (customer-supplied)', unit_price: 0, quantity: 1, total: 0, sort_order: 1 },
    ]);
    expect(full.job_assignments).toEqual([{ user_id: tech, assigned_by: a.userId, assigned_at: expect.any(String) }]);
    expect(full.job_media).toEqual([]);
    expect(full.customer).toEqual({ id: customer.id, display_name: 'Henderson' });
  });

  it('jobs.create writes exactly one audit row for the new job, and none when it is refused', async () => {
    const job = await a.client.call('jobs.create', { title: 'Audited', assigned_user_ids: [a.userId] });
    const rows = await t.ds.query(`SELECT tool, actor_kind, actor_id, changes FROM audit_events WHERE tenant_id = $1 AND target_id = $2`, [a.tenantId, job.id]);
    expect(rows).toEqual([{ tool: 'jobs.create', actor_kind: 'user', actor_id: a.userId, changes: { title: 'Audited', assigned_user_ids: [a.userId] } }]);
    const before = Number((await t.ds.query(`SELECT count(*) AS n FROM audit_events WHERE tenant_id = $1`, [a.tenantId]))[0].n);
    const err = await expectError(a.client.call('jobs.create', { title: 'Refused', assigned_user_ids: [a.userId, b.userId] }), 'invalid_input');
    expect(err.data.issues[0].path).toBe('assigned_user_ids.1');
    const after = Number((await t.ds.query(`SELECT count(*) AS n FROM audit_events WHERE tenant_id = $1`, [a.tenantId]))[0].n);
    expect(after).toBe(before);
    expect(Number((await t.ds.query(`SELECT count(*) AS n FROM jobs WHERE tenant_id = $1 AND title = 'Refused'`, [a.tenantId]))[0].n)).toBe(0);
  });

  it('trims the title and the description', async () => {
    const j = await a.client.call('jobs.create', { title: '  Trim me  ', description: '  notes  ' });
    expect(j).toMatchObject({ title: 'Trim me', description: 'notes' });
  });

  it('tools/list shows the five job tools with their input schemas', async () => {
    const tools = (await a.client.tools()).filter((x: any) => x.name.startsWith('jobs.'));
    expect(tools.map((x: any) => x.name).sort()).toEqual(['jobs.cancel', 'jobs.create', 'jobs.get', 'jobs.list', 'jobs.update']);
    const create = tools.find((x: any) => x.name === 'jobs.create');
    expect(create.inputSchema.required).toEqual(['title']);
    expect(Object.keys(create.inputSchema.properties).sort()).toEqual(
      ['assigned_user_ids', 'customer_id', 'description', 'flat_price', 'line_items', 'location_id', 'quote_id', 'scheduled_end', 'scheduled_start', 'title'].sort(),
    );
    const list = tools.find((x: any) => x.name === 'jobs.list');
    expect(Object.keys(list.inputSchema.properties)).toEqual(expect.arrayContaining(['status', 'customerId', 'from', 'to', 'q', 'page']));
  });

  it('a job without scheduled_start is unscheduled; scheduled_end alone does not change that', async () => {
    const j = await a.client.call('jobs.create', { title: 'Later', scheduled_end: '2026-06-16T11:00:00Z' });
    expect(j).toMatchObject({ status: 'unscheduled', scheduled_start: null, scheduled_end: '2026-06-16T11:00:00.000Z', customer_id: null, customer: null });
  });

  it('the largest allowed amounts are stored and totalled exactly', async () => {
    const j = await a.client.call('jobs.create', {
      title: 'Big',
      flat_price: 9999999999.99,
      line_items: [{ description: 'big', unit_price: 9999999999.99, quantity: 999999999 }],
    });
    expect(j.flat_price).toBe(9999999999.99);
    const li = (await a.client.call('jobs.get', { id: j.id })).job_line_items[0];
    expect(li).toMatchObject({ unit_price: 9999999999.99, quantity: 999999999 });
    expect(li.total).toBe(Number('9999999989990000000.01')); // the exact decimal, as the nearest JSON number
  });

  it('assignee ids are UUIDs in any case: an upper-case id of a member is that member, kept as assigned', async () => {
    const j = await a.client.call('jobs.create', { title: 'Case', assigned_user_ids: [a.userId.toUpperCase()] });
    const before = (await a.client.call('jobs.get', { id: j.id })).job_assignments;
    expect(before).toEqual([expect.objectContaining({ user_id: a.userId })]);
    await a.client.call('jobs.update', { id: j.id, assigned_user_ids: [a.userId.toUpperCase()] });
    expect((await a.client.call('jobs.get', { id: j.id })).job_assignments).toEqual(before);
  });

  it('replacing only the line items or the assignments bumps updated_at', async () => {
    const j = await a.client.call('jobs.create', { title: 'Touch' });
    await new Promise((r) => setTimeout(r, 20));
    const u = await a.client.call('jobs.update', { id: j.id, line_items: [{ description: 'x', unit_price: 1, quantity: 1 }] });
    expect(new Date(u.updated_at).getTime()).toBeGreaterThan(new Date(j.updated_at).getTime());
  });

  it('line item totals are exact money and sort_order defaults to the array index', async () => {
    const j = await a.client.call('jobs.create', {
      title: 'Money',
      flat_price: 0,
      line_items: [
        { description: 'a', unit_price: 0.1, quantity: 3 },
        { description: 'b', unit_price: 19.99, quantity: 0.333, sort_order: 7 },
        { description: 'c', unit_price: 1.15, quantity: 0.5 },
      ],
    });
    expect(j.flat_price).toBe(0);
    const full = await a.client.call('jobs.get', { id: j.id });
    expect(full.job_line_items.map((l: any) => [l.description, l.total, l.sort_order])).toEqual([
      ['a', 0.3, 0],
      ['c', 0.58, 2], // 0.575 rounds half away from zero
      ['b', 6.66, 7], // 6.65667
    ]);
  });

  describe('status machine on update', () => {
    it('an unscheduled job that gets a start time becomes scheduled; clearing it makes it unscheduled again', async () => {
      const j = await a.client.call('jobs.create', { title: 'S' });
      const s = await a.client.call('jobs.update', { id: j.id, scheduled_start: '2026-07-01T08:00:00Z' });
      expect(s).toMatchObject({ status: 'scheduled', scheduled_start: '2026-07-01T08:00:00.000Z' });
      const u = await a.client.call('jobs.update', { id: j.id, scheduled_start: null });
      expect(u).toMatchObject({ status: 'unscheduled', scheduled_start: null });
    });

    it('done stamps completed_at; any other status clears it', async () => {
      const j = await a.client.call('jobs.create', { title: 'D', scheduled_start: '2026-07-01T08:00:00Z' });
      const before = Date.now();
      const d = await a.client.call('jobs.update', { id: j.id, status: 'done' });
      expect(d.status).toBe('done');
      expect(new Date(d.completed_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(d.completed_at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      for (const status of ['scheduled', 'done', 'unscheduled', 'done', 'cancelled']) {
        const r = await a.client.call('jobs.update', { id: j.id, status });
        expect(r.status).toBe(status);
        if (status === 'done') expect(r.completed_at).not.toBeNull();
        else expect(r.completed_at).toBeNull();
      }
    });

    it('done and cancelled jobs are not affected by the auto-derive of scheduled_start', async () => {
      const j = await a.client.call('jobs.create', { title: 'X', scheduled_start: '2026-07-01T08:00:00Z' });
      await a.client.call('jobs.update', { id: j.id, status: 'done' });
      const d = await a.client.call('jobs.update', { id: j.id, scheduled_start: null });
      expect(d).toMatchObject({ status: 'done', scheduled_start: null });
      expect(d.completed_at).not.toBeNull();
      const c = await a.client.call('jobs.cancel', { id: j.id });
      const c2 = await a.client.call('jobs.update', { id: c.id, scheduled_start: '2026-08-01T08:00:00Z' });
      expect(c2).toMatchObject({ status: 'cancelled', scheduled_start: '2026-08-01T08:00:00.000Z' });
    });

    it('an explicit status wins over the derived one', async () => {
      const j = await a.client.call('jobs.create', { title: 'E' });
      const r = await a.client.call('jobs.update', { id: j.id, scheduled_start: '2026-07-01T08:00:00Z', status: 'done' });
      expect(r.status).toBe('done');
      expect(r.completed_at).not.toBeNull();
    });

    it('reopens a done or cancelled job with status scheduled or unscheduled', async () => {
      const j = await a.client.call('jobs.create', { title: 'R', scheduled_start: '2026-07-01T08:00:00Z' });
      await a.client.call('jobs.update', { id: j.id, status: 'done' });
      expect(await a.client.call('jobs.update', { id: j.id, status: 'scheduled' })).toMatchObject({ status: 'scheduled', completed_at: null });
      await a.client.call('jobs.cancel', { id: j.id });
      expect(await a.client.call('jobs.update', { id: j.id, status: 'unscheduled' })).toMatchObject({ status: 'unscheduled', completed_at: null });
    });
  });

  it('jobs.cancel sets cancelled and keeps line items and assignments; it can be repeated', async () => {
    const tech = await member(a);
    const j = await a.client.call('jobs.create', {
      title: 'C',
      scheduled_start: '2026-07-01T08:00:00Z',
      line_items: [{ description: 'x', unit_price: 5, quantity: 1 }],
      assigned_user_ids: [tech],
    });
    await a.client.call('jobs.update', { id: j.id, status: 'done' });
    const c = await a.client.call('jobs.cancel', { id: j.id });
    expect(c).toMatchObject({ id: j.id, status: 'cancelled', completed_at: null, title: 'C', scheduled_start: '2026-07-01T08:00:00.000Z' });
    expect(c).not.toHaveProperty('job_line_items');
    expect(await a.client.call('jobs.cancel', { id: j.id })).toMatchObject({ status: 'cancelled' });
    const full = await a.client.call('jobs.get', { id: j.id });
    expect(full.job_line_items).toHaveLength(1);
    expect(full.job_assignments.map((x: any) => x.user_id)).toEqual([tech]);
  });

  describe('update', () => {
    it('changes only the fields sent; null clears description, flat_price, customer and scheduled_end', async () => {
      const cu = await a.client.call('customers.create', { display_name: 'Cu' });
      const j = await a.client.call('jobs.create', {
        title: 'P',
        description: 'd',
        flat_price: 120.5,
        customer_id: cu.id,
        scheduled_start: '2026-07-01T08:00:00Z',
        scheduled_end: '2026-07-01T10:00:00Z',
      });
      const r = await a.client.call('jobs.update', { id: j.id, title: 'P2' });
      expect(r).toMatchObject({ title: 'P2', description: 'd', flat_price: 120.5, customer_id: cu.id, customer: { id: cu.id, display_name: 'Cu' }, status: 'scheduled' });
      expect(r.created_by).toBe(a.userId);
      const c = await a.client.call('jobs.update', { id: j.id, description: null, flat_price: null, customer_id: null, scheduled_end: null });
      expect(c).toMatchObject({ title: 'P2', description: null, flat_price: null, customer_id: null, customer: null, scheduled_end: null, status: 'scheduled' });
      expect(c).not.toHaveProperty('job_line_items');
    });

    it('line_items and assigned_user_ids replace the whole list when sent and stay untouched when omitted', async () => {
      const [u1, u2, u3] = [await member(a), await member(a), await member(a)];
      const j = await a.client.call('jobs.create', {
        title: 'L',
        line_items: [
          { description: 'one', unit_price: 1, quantity: 1 },
          { description: 'two', unit_price: 2, quantity: 1 },
        ],
        assigned_user_ids: [u1, u2],
      });
      await a.client.call('jobs.update', { id: j.id, title: 'L2' });
      let full = await a.client.call('jobs.get', { id: j.id });
      expect(full.job_line_items.map((l: any) => l.description)).toEqual(['one', 'two']);
      expect(full.job_assignments.map((x: any) => x.user_id).sort()).toEqual([u1, u2].sort());

      await a.client.call('jobs.update', { id: j.id, line_items: [{ description: 'three', unit_price: 3, quantity: 2 }], assigned_user_ids: [u2, u3] });
      full = await a.client.call('jobs.get', { id: j.id });
      expect(full.job_line_items.map((l: any) => [l.description, l.total])).toEqual([['three', 6]]);
      expect(full.job_assignments.map((x: any) => x.user_id).sort()).toEqual([u2, u3].sort());

      await a.client.call('jobs.update', { id: j.id, line_items: [], assigned_user_ids: [] });
      full = await a.client.call('jobs.get', { id: j.id });
      expect(full.job_line_items).toEqual([]);
      expect(full.job_assignments).toEqual([]);
    });

    it('rejects scheduled_end earlier than scheduled_start, also against the stored start', async () => {
      const j = await a.client.call('jobs.create', { title: 'W', scheduled_start: '2026-07-01T08:00:00Z' });
      const e = await expectError(a.client.call('jobs.update', { id: j.id, scheduled_end: '2026-07-01T07:00:00Z' }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('scheduled_end');
      const e2 = await expectError(a.client.call('jobs.create', { title: 'W', scheduled_start: '2026-07-01T08:00:00Z', scheduled_end: '2026-07-01T07:59:59Z' }), 'invalid_input');
      expect(e2.data.issues[0].path).toBe('scheduled_end');
    });

    it('a new scheduled_start after the stored scheduled_end is invalid_input naming scheduled_start; nothing changes', async () => {
      const j = await a.client.call('jobs.create', { title: 'W2', scheduled_start: '2026-07-01T08:00:00Z', scheduled_end: '2026-07-01T10:00:00Z' });
      const e = await expectError(a.client.call('jobs.update', { id: j.id, scheduled_start: '2026-07-01T11:00:00Z' }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('scheduled_start');
      expect((await a.client.call('jobs.get', { id: j.id })).scheduled_start).toBe('2026-07-01T08:00:00.000Z');
      const ok = await a.client.call('jobs.update', { id: j.id, scheduled_start: '2026-07-01T11:00:00Z', scheduled_end: '2026-07-01T12:00:00Z' });
      expect(ok).toMatchObject({ scheduled_start: '2026-07-01T11:00:00.000Z', scheduled_end: '2026-07-01T12:00:00.000Z' });
    });

    it('concurrent updates replacing the assignments all succeed and leave one of the lists', async () => {
      const users = [await member(a), await member(a), await member(a), await member(a)];
      const j = await a.client.call('jobs.create', { title: 'Race', assigned_user_ids: [users[0]] });
      const lists = [[users[0], users[1]], [users[1], users[2]], [users[2], users[3]], [users[3], users[0]], [users[1]], users];
      await Promise.all(lists.map((l) => a.client.call('jobs.update', { id: j.id, assigned_user_ids: l })));
      const got = (await a.client.call('jobs.get', { id: j.id })).job_assignments.map((x: any) => x.user_id).sort();
      expect(lists.map((l) => [...l].sort())).toContainEqual(got);
    });

    it('update and cancel of an unknown id are not_found', async () => {
      await expectError(a.client.call('jobs.update', { id: randomUUID(), title: 'x' }), 'not_found');
      await expectError(a.client.call('jobs.cancel', { id: randomUUID() }), 'not_found');
      await expectError(a.client.call('jobs.get', { id: randomUUID() }), 'not_found');
    });
  });

  describe('assigned users must be members of the tenant', () => {
    it('one bad id fails the whole create and writes nothing', async () => {
      const good = await member(a);
      const foreign = await member(b);
      const before = Number((await t.ds.query('SELECT count(*) AS n FROM jobs WHERE tenant_id = $1', [a.tenantId]))[0].n);
      const e = await expectError(a.client.call('jobs.create', { title: 'Bad', assigned_user_ids: [good, foreign] }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('assigned_user_ids.1');
      await expectError(a.client.call('jobs.create', { title: 'Bad', assigned_user_ids: [randomUUID()] }), 'invalid_input');
      const after = Number((await t.ds.query('SELECT count(*) AS n FROM jobs WHERE tenant_id = $1', [a.tenantId]))[0].n);
      expect(after).toBe(before);
    });

    it('one bad id fails the whole update and changes nothing', async () => {
      const good = await member(a);
      const j = await a.client.call('jobs.create', { title: 'Keep', assigned_user_ids: [good], line_items: [{ description: 'x', unit_price: 1, quantity: 1 }] });
      const e = await expectError(a.client.call('jobs.update', { id: j.id, title: 'Changed', line_items: [], assigned_user_ids: [good, randomUUID()] }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('assigned_user_ids.1');
      const full = await a.client.call('jobs.get', { id: j.id });
      expect(full.title).toBe('Keep');
      expect(full.job_line_items).toHaveLength(1);
      expect(full.job_assignments.map((x: any) => x.user_id)).toEqual([good]);
    });

    it('a non-UUID in assigned_user_ids is invalid_input', async () => {
      const e = await expectError(a.client.call('jobs.create', { title: 'N', assigned_user_ids: ['bob'] }), 'invalid_input');
      expect(e.data.issues[0].path).toMatch(/^assigned_user_ids/);
    });

    it('a repeated id, in any case, is invalid_input naming assigned_user_ids (issue 14: one spelling per id)', async () => {
      const u = await member(a);
      for (const ids of [
        [u, u],
        [u, u.toUpperCase()],
      ]) {
        const e = await expectError(a.client.call('jobs.create', { title: 'Dup', assigned_user_ids: ids }), 'invalid_input');
        expect(e.data.issues.map((i: any) => i.path)).toEqual(['assigned_user_ids']);
      }
    });
  });

  describe('bad input is invalid_input naming the field', () => {
    it.each([
      ['title missing', {}, 'title'],
      ['title empty after trimming', { title: '  ' }, 'title'],
      ['title too long', { title: 'x'.repeat(201) }, 'title'],
      ['description too long', { title: 'T', description: 'd'.repeat(5001) }, 'description'],
      ['flat_price negative', { title: 'T', flat_price: -1 }, 'flat_price'],
      ['flat_price a string', { title: 'T', flat_price: '10' }, 'flat_price'],
      ['flat_price with 3 decimals', { title: 'T', flat_price: 1.005 }, 'flat_price'],
      ['flat_price too large', { title: 'T', flat_price: 1e12 }, 'flat_price'],
      ['line item unit_price too large', { title: 'T', line_items: [{ description: 'd', unit_price: 1e12, quantity: 1 }] }, 'line_items.0.unit_price'],
      ['line item quantity too large', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: 1e10 }] }, 'line_items.0.quantity'],
      ['line item unit_price with 3 decimals', { title: 'T', line_items: [{ description: 'd', unit_price: 0.001, quantity: 1 }] }, 'line_items.0.unit_price'],
      ['line item quantity with 4 decimals', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: 0.0001 }] }, 'line_items.0.quantity'],
      ['line item not an object', { title: 'T', line_items: ['x'] }, 'line_items.0'],
      ['line item with an unknown field', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: 1, total: 5 }] }, 'line_items.0.total'],
      ['scheduled_start not a timestamp', { title: 'T', scheduled_start: 'tomorrow' }, 'scheduled_start'],
      ['scheduled_end not a timestamp', { title: 'T', scheduled_end: '2026-13-01T00:00:00Z' }, 'scheduled_end'],
      ['customer_id not a uuid', { title: 'T', customer_id: 'abc' }, 'customer_id'],
      ['customer_id unknown', { title: 'T', customer_id: randomUUID() }, 'customer_id'],
      ['line_items not an array', { title: 'T', line_items: 'x' }, 'line_items'],
      ['line item description missing', { title: 'T', line_items: [{ unit_price: 1, quantity: 1 }] }, 'line_items.0.description'],
      ['line item description too long', { title: 'T', line_items: [{ description: 'd'.repeat(501), unit_price: 1, quantity: 1 }] }, 'line_items.0.description'],
      ['line item unit_price negative', { title: 'T', line_items: [{ description: 'd', unit_price: -0.01, quantity: 1 }] }, 'line_items.0.unit_price'],
      ['line item quantity zero', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: 0 }] }, 'line_items.0.quantity'],
      ['line item quantity negative', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: -2 }] }, 'line_items.0.quantity'],
      ['line item sort_order not an integer', { title: 'T', line_items: [{ description: 'd', unit_price: 1, quantity: 1, sort_order: 1.5 }] }, 'line_items.0.sort_order'],
      ['assigned_user_ids not an array', { title: 'T', assigned_user_ids: 'x' }, 'assigned_user_ids'],
      ['status on create (not a create field)', { title: 'T', status: 'done' }, 'status'],
      ['an unknown field', { title: 'T', colour: 'red' }, 'colour'],
    ])('create: %s', async (_label, args, path) => {
      const e = await expectError(a.client.call('jobs.create', args), 'invalid_input');
      expect(e.data.issues.map((i: any) => i.path)).toContain(path);
    });

    it.each([
      ['id not a uuid', { id: '1' }, 'id'],
      ['title null', { title: null }, 'title'],
      ['title too long', { title: 'x'.repeat(201) }, 'title'],
      ['status unknown', { status: 'finished' }, 'status'],
      ['status null', { status: null }, 'status'],
      ['flat_price negative', { flat_price: -5 }, 'flat_price'],
      ['description too long', { description: 'd'.repeat(5001) }, 'description'],
      ['customer_id unknown', { customer_id: randomUUID() }, 'customer_id'],
      ['line item quantity zero', { line_items: [{ description: 'd', unit_price: 1, quantity: 0 }] }, 'line_items.0.quantity'],
    ])('update: %s', async (_label, args, path) => {
      const j = await a.client.call('jobs.create', { title: 'U' });
      const e = await expectError(a.client.call('jobs.update', { id: j.id, ...args }), 'invalid_input');
      expect(e.data.issues.map((i: any) => i.path)).toContain(path);
    });

    it('update, get and cancel without an id', async () => {
      for (const tool of ['jobs.update', 'jobs.get', 'jobs.cancel']) {
        const e = await expectError(a.client.call(tool, { title: 'x' }), 'invalid_input');
        expect(e.data.issues.map((i: any) => i.path)).toContain('id');
      }
    });

    it.each([
      ['status unknown', { status: 'open' }, 'status'],
      ['customerId not a uuid', { customerId: 'x' }, 'customerId'],
      ['from not a timestamp', { from: 'yesterday' }, 'from'],
      ['to not a timestamp', { to: 5 }, 'to'],
      ['page zero', { page: 0 }, 'page'],
      ['an unknown filter', { assignee: 'x' }, 'assignee'],
    ])('list: %s', async (_label, args, path) => {
      const e = await expectError(a.client.call('jobs.list', args), 'invalid_input');
      expect(e.data.issues.map((i: any) => i.path)).toContain(path);
    });
  });

  describe('actor and scopes', () => {
    it('create, update and cancel refuse a tenant key with invalid_input; reads work with it', async () => {
      const tk = await tenantKey(t, a.tenantId);
      const j = await a.client.call('jobs.create', { title: 'TK' });
      await expectError(tk.call('jobs.create', { title: 'x' }), 'invalid_input');
      await expectError(tk.call('jobs.update', { id: j.id, title: 'x' }), 'invalid_input');
      await expectError(tk.call('jobs.cancel', { id: j.id }), 'invalid_input');
      expect((await tk.call('jobs.get', { id: j.id })).title).toBe('TK');
      expect((await tk.call('jobs.list', { q: 'TK' })).count).toBeGreaterThanOrEqual(1);
    });

    it('read:jobs and write:jobs are separate', async () => {
      const reader = await newTenant(t, ['read:jobs']);
      const writer = await newTenant(t, ['write:jobs']);
      await expectError(reader.client.call('jobs.create', { title: 'x' }), 'insufficient_scope');
      const j = await writer.client.call('jobs.create', { title: 'w' });
      await expectError(writer.client.call('jobs.get', { id: j.id }), 'insufficient_scope');
      await expectError(writer.client.call('jobs.list', {}), 'insufficient_scope');
      expect((await reader.client.call('jobs.list', {})).count).toBe(0);
    });
  });

  describe('tenant isolation', () => {
    it("another tenant's job is not_found for get, update and cancel, and never listed", async () => {
      const j = await a.client.call('jobs.create', { title: 'Private job' });
      await expectError(b.client.call('jobs.get', { id: j.id }), 'not_found');
      await expectError(b.client.call('jobs.update', { id: j.id, title: 'hacked' }), 'not_found');
      await expectError(b.client.call('jobs.cancel', { id: j.id }), 'not_found');
      expect((await b.client.call('jobs.list', { q: 'Private job' })).count).toBe(0);
      expect((await a.client.call('jobs.get', { id: j.id })).title).toBe('Private job');
    });

    it("another tenant's customer cannot be referenced on create or update", async () => {
      const foreign = await b.client.call('customers.create', { display_name: 'B customer' });
      const e = await expectError(a.client.call('jobs.create', { title: 'x', customer_id: foreign.id }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('customer_id');
      const j = await a.client.call('jobs.create', { title: 'y' });
      const e2 = await expectError(a.client.call('jobs.update', { id: j.id, customer_id: foreign.id }), 'invalid_input');
      expect(e2.data.issues[0].path).toBe('customer_id');
      expect((await a.client.call('jobs.list', { customerId: foreign.id })).count).toBe(0);
    });

    it("another tenant's user cannot be assigned on update", async () => {
      const j = await a.client.call('jobs.create', { title: 'z' });
      const e = await expectError(a.client.call('jobs.update', { id: j.id, assigned_user_ids: [b.userId] }), 'invalid_input');
      expect(e.data.issues[0].path).toBe('assigned_user_ids.0');
    });
  });
});
