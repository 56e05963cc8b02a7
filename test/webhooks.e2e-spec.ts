import { Webhook } from 'standardwebhooks';
import { newTenant, startApp, TestApp, TestTenant, expectError } from './support/app';
import { runCli } from './support/cli';
import { Receiver, waitFor } from './support/receiver';
import { guardedLookup } from '../src/webhooks/address-guard';
import { KeyEncryption } from '../src/crypto/key-encryption';
import { SECRET_PURPOSE } from '../src/webhooks/webhooks.service';
import { insertEvents } from '../src/webhooks/outbox';

// Webhooks (issue 18) on one server process with the delivery worker running (short poll and
// back-off via config): every delivery is checked with the official standardwebhooks package.
describe('webhooks', () => {
  let t: TestApp;
  let rx: Receiver;
  let n = 0;
  const saved = process.env.WEBHOOKS_ALLOW_LOOPBACK;
  beforeAll(async () => {
    // the in-process admin CLI reads its configuration from process.env
    process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
    rx = await new Receiver().start();
    t = await startApp({ SCHEDULER_ENABLED: 'true', WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_POLL_MS: '25', WEBHOOKS_RETRY_BASE_MS: '100', WEBHOOKS_RETRY_MAX_MS: '200' });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
    else process.env.WEBHOOKS_ALLOW_LOOPBACK = saved;
    await t.close();
    await rx.close();
  });

  const cli = async (...argv: string[]) => {
    const r = await runCli(...argv, '--json');
    if (r.code !== 0) throw new Error(`${argv[0]} failed: ${r.err}`);
    return JSON.parse(r.out);
  };

  /** A tenant with one endpoint on the receiver (its own path), subscribed to `events`. */
  async function subscribed(events = 'all'): Promise<TestTenant & { path: string; endpointId: string }> {
    const a = await newTenant(t);
    const path = `/hook-${++n}`;
    const ep = await cli('webhook:create', '--tenant', a.tenantId, '--url', rx.url(path), '--events', events, '--description', 'test receiver');
    expect(Object.keys(ep).sort()).toEqual(['id', 'secret']);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    rx.secrets.set(path, ep.secret);
    return { ...a, path, endpointId: ep.id };
  }

  // two writes of one tenant commit at nearly the same moment: were the later seq to become visible
  // first, the worker could claim it before the earlier one appeared (test/webhooks-processes.e2e-spec.ts
  // caught that under Citus); a write that owes events waits for the tenant's open one instead
  it('events of one tenant take their seq in commit order: a write that owes events waits for an earlier one still open', async () => {
    const a = await subscribed();
    const open = t.ds.createQueryRunner();
    await open.connect();
    let second: Promise<void> | undefined;
    try {
      await open.startTransaction();
      await insertEvents(open.manager, a.tenantId, 'system', [{ type: 'customers.created', data: { object: { id: 'first' } } }]);
      let done = false;
      second = t.ds
        .transaction((em) => insertEvents(em, a.tenantId, 'system', [{ type: 'customers.created', data: { object: { id: 'second' } } }]))
        .then(() => {
          done = true;
        });
      await new Promise((r) => setTimeout(r, 400));
      expect(done).toBe(false);
      await open.commitTransaction();
      await second;
      expect(done).toBe(true);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
      await second?.catch(() => undefined);
    }
    const rows: { id: string }[] = await t.ds.query(`SELECT e.data->'object'->>'id' AS id FROM webhook_events e WHERE e.tenant_id = $1 ORDER BY e.seq`, [a.tenantId]);
    expect(rows.map((r) => r.id)).toEqual(['first', 'second']);
    await waitFor(() => rx.on(a.path).length >= 2);
    expect(rx.on(a.path).map((r) => r.event.data.object.id)).toEqual(['first', 'second']);
  });

  it('a write sends its event, signed so the standardwebhooks package verifies it, with the tool result as data.object', async () => {
    const a = await subscribed();
    const customer = await a.client.call('customers.create', { display_name: 'Hook Customer', email: 'hook@example.com' });
    // jobs.create writes its event in its single statement: the object is still the tool's result
    const job = await a.client.call('jobs.create', { title: 'Hooked job', customer_id: customer.id, scheduled_start: '2031-05-01T09:00:00Z' });
    await waitFor(() => rx.on(a.path).length >= 2);
    expect(rx.unverified).toEqual([]);
    const [first, second] = rx.on(a.path);
    expect(first.event).toEqual({
      id: first.headers['webhook-id'],
      type: 'customers.created',
      tenant_id: a.tenantId,
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actor: { kind: 'user', user_id: a.userId },
      data: { object: customer },
    });
    expect(first.headers['content-type']).toBe('application/json');
    expect(Number(first.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
    expect(second.event.type).toBe('jobs.created');
    expect(second.event.data.object).toEqual(job);
    // a tenant key acts without a user
    const deliveries = await cli('webhook:deliveries', '--id', a.endpointId);
    expect(deliveries.data.map((d: any) => [d.type, d.status, d.attempts])).toEqual([
      ['jobs.created', 'delivered', 1],
      ['customers.created', 'delivered', 1],
    ]);
    expect(deliveries.data[0].last_attempt).toMatchObject({ outcome: 'ok', response_code: 200, response_body: 'ok' });
  });

  // SubscriberHints: writes of a tenant this server saw without an endpoint skip the outbox, guarded
  // in their own statement, so an endpoint made elsewhere is honoured from the very next write
  it("an endpoint made behind this server's back gets the very next write's event (jobs.create's own statement and the gateway's); once it is gone, writes store none", async () => {
    const a = await newTenant(t);
    const events = async () => ((await t.ds.query(`SELECT type FROM webhook_events WHERE tenant_id = $1 ORDER BY seq`, [a.tenantId])) as { type: string }[]).map((e) => e.type);
    await a.client.call('customers.create', { display_name: 'Before' });
    await a.client.call('jobs.create', { title: 'Before' });
    expect(await events()).toEqual([]);
    // made by another process (the admin CLI): this server is not told
    const path = `/hook-${++n}`;
    const ep = await cli('webhook:create', '--tenant', a.tenantId, '--url', rx.url(path), '--events', 'all');
    rx.secrets.set(path, ep.secret);
    const customer = await a.client.call('customers.create', { display_name: 'After' });
    const job = await a.client.call('jobs.create', { title: 'After', customer_id: customer.id, assigned_user_ids: [a.userId] });
    await waitFor(() => rx.on(path).length >= 2);
    expect(rx.unverified).toEqual([]);
    expect(rx.on(path).map((d) => [d.event.type, d.event.data.object])).toEqual([
      ['customers.created', customer],
      ['jobs.created', job],
    ]);
    // one job and one customer each: the guarded statement that found the endpoint wrote nothing
    const [counts] = await t.ds.query(
      `SELECT (SELECT count(*) FROM jobs WHERE tenant_id = $1)::int AS jobs, (SELECT count(*) FROM customers WHERE tenant_id = $1)::int AS customers,
              (SELECT count(*) FROM audit_events WHERE tenant_id = $1)::int AS audit`,
      [a.tenantId],
    );
    expect(counts).toEqual({ jobs: 2, customers: 2, audit: 4 });
    // the endpoint is deleted elsewhere: the next writes store no event
    await t.ds.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [ep.id]);
    await a.client.call('jobs.create', { title: 'Gone' });
    await a.client.call('customers.create', { display_name: 'Gone' });
    await a.client.call('jobs.create', { title: 'Gone again' });
    expect(await events()).toEqual(['customers.created', 'jobs.created']);
  });

  it('a job set to done sends jobs.updated and jobs.status_changed from scheduled to done; cancel sends its status change too', async () => {
    const a = await subscribed('jobs.status_changed,jobs.updated,jobs.cancelled');
    const job = await a.client.call('jobs.create', { title: 'To finish', scheduled_start: '2031-05-02T09:00:00Z' });
    const done = await a.client.call('jobs.update', { id: job.id, status: 'done' });
    await a.client.call('jobs.update', { id: job.id, title: 'Renamed, same status' });
    const cancelled = await a.client.call('jobs.cancel', { id: job.id });
    await waitFor(() => rx.on(a.path).length >= 5);
    const events = rx.on(a.path).map((r) => r.event);
    expect(events.map((e) => [e.type, e.data.from, e.data.to])).toEqual([
      ['jobs.updated', undefined, undefined],
      ['jobs.status_changed', 'scheduled', 'done'],
      ['jobs.updated', undefined, undefined],
      ['jobs.cancelled', undefined, undefined],
      ['jobs.status_changed', 'done', 'cancelled'],
    ]);
    expect(events[0].data).toEqual({ object: done, changes: { status: 'done' } });
    expect(events[1].data.object).toEqual(done);
    expect(events[4].data.object).toEqual(cancelled);
    // jobs.created was not subscribed to
    expect(events.every((e) => e.data.object.id === job.id)).toBe(true);
  });

  it('a series materialises instances as jobs.created by the system; ending it sends jobs.status_changed for each cancelled instance', async () => {
    const a = await subscribed('jobs.created,jobs.status_changed,job_series.created,job_series.ended');
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const s = await a.client.call('job_series.create', { title: 'Weekly visit', rrule: 'FREQ=WEEKLY;COUNT=3', timezone: 'UTC', dtstart: start, start_time: '09:00' });
    await waitFor(() => rx.on(a.path).length >= 4);
    const created = rx.on(a.path).map((r) => r.event);
    // the first window is materialised inside job_series.create, before its own event is written
    expect(created.map((e) => [e.type, e.actor])).toEqual([
      ['jobs.created', { kind: 'system' }],
      ['jobs.created', { kind: 'system' }],
      ['jobs.created', { kind: 'system' }],
      ['job_series.created', { kind: 'user', user_id: a.userId }],
    ]);
    created.unshift(created.pop()!);
    expect(created[0].data.object).toEqual(s);
    const first = await a.client.call('jobs.get', { id: created[1].data.object.id });
    expect(first).toMatchObject({ series_id: s.id, status: 'scheduled' });
    await a.client.call('job_series.end', { id: s.id });
    await waitFor(() => rx.on(a.path).length >= 8);
    const ended = rx
      .on(a.path)
      .slice(4)
      .map((r) => r.event);
    expect(ended.map((e) => [e.type, e.data.from, e.data.to, e.data.object?.status])).toEqual([
      ['job_series.ended', undefined, undefined, undefined],
      ['jobs.status_changed', 'scheduled', 'cancelled', 'cancelled'],
      ['jobs.status_changed', 'scheduled', 'cancelled', 'cancelled'],
      ['jobs.status_changed', 'scheduled', 'cancelled', 'cancelled'],
    ]);
    expect(ended.slice(1).map((e) => e.data.object.id)).toEqual(created.slice(1).map((e) => e.data.object.id));
  });

  it('a call that rolls back emits nothing; an endpoint sees only the events it subscribed to and only its own tenant', async () => {
    const a = await subscribed('tags.created,tags.deleted');
    const other = await subscribed();
    await a.client.call('tags.create', { name: 'VIP' });
    // the duplicate name fails at the INSERT: the whole call (and its event) rolls back
    await expectError(a.client.call('tags.create', { name: 'vip' }), 'conflict');
    await a.client.call('customers.create', { display_name: 'Not subscribed' });
    const tag = await a.client.call('tags.create', { name: 'Later' });
    await a.client.call('tags.delete', { id: tag.id });
    await waitFor(() => rx.on(a.path).length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.on(a.path).map((r) => [r.event.type, r.event.data.object?.name ?? r.event.data.object])).toEqual([
      ['tags.created', 'VIP'],
      ['tags.created', 'Later'],
      ['tags.deleted', expect.anything()],
    ]);
    expect(rx.on(other.path)).toEqual([]);
    const [{ n: stored }] = await t.ds.query(`SELECT count(*)::int AS n FROM webhook_events WHERE tenant_id = $1`, [a.tenantId]);
    expect(stored).toBe(3);
  });

  it('a receiver answering 500 three times then 200 gets the event 4 times with one webhook-id; the attempts are kept', async () => {
    const a = await subscribed();
    let failures = 0;
    rx.answer = (r) => (r.path === a.path && failures++ < 3 ? 500 : 200);
    try {
      await a.client.call('customers.create', { display_name: 'Flaky receiver' });
      await waitFor(() => rx.on(a.path).some((r) => r.status === 200));
    } finally {
      rx.answer = () => 200;
    }
    const got = rx.on(a.path);
    expect(got.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(rx.unverified).toEqual([]);
    const [d] = (await cli('webhook:deliveries', '--id', a.endpointId, '--limit', '5')).data;
    expect(d).toMatchObject({ status: 'delivered', attempts: 4 });
    const attempts = await t.ds.query(`SELECT outcome, response_code, length(response_body) AS len FROM webhook_attempts WHERE delivery_id = $1 ORDER BY at`, [d.id]);
    // the first 1 KB of each body is kept
    expect(attempts).toEqual([
      { outcome: 'http_error', response_code: 500, len: 1024 },
      { outcome: 'http_error', response_code: 500, len: 1024 },
      { outcome: 'http_error', response_code: 500, len: 1024 },
      { outcome: 'ok', response_code: 200, len: 2 },
    ]);
    // redeliver: the same event again, same webhook-id
    await cli('webhook:redeliver', '--delivery', d.id);
    await waitFor(() => rx.on(a.path).length >= 5);
    expect(rx.on(a.path)[4].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
  });

  it('a delivery still failing when its retry window is over is failed; three in a row disable the endpoint, with an audit row', async () => {
    const a = await subscribed('customers.created');
    rx.answer = (r) => (r.path === a.path ? 503 : 200);
    try {
      for (const name of ['One', 'Two', 'Three']) await a.client.call('customers.create', { display_name: name });
      await waitFor(() => rx.on(a.path).length >= 1);
      // as if the receiver had been failing for two days: the retry window (24 h) of every delivery is over
      await t.ds.query(`UPDATE webhook_deliveries SET created_at = now() - interval '2 days', next_attempt_at = now() WHERE endpoint_id = $1`, [a.endpointId]);
      await waitFor(async () => (await cli('webhook:list', '--tenant', a.tenantId)).data[0].disabled, 15_000, 'the endpoint to be disabled');
    } finally {
      rx.answer = () => 200;
    }
    const [ep] = (await cli('webhook:list', '--tenant', a.tenantId)).data;
    expect(ep.disabled_reason).toMatch(/^3 deliveries in a row failed/);
    expect((await cli('webhook:deliveries', '--id', a.endpointId)).data.map((d: any) => d.status)).toEqual(['failed', 'failed', 'failed']);
    const audit = (await cli('audit:list', '--tenant', a.tenantId)).data.filter((r: any) => r.tool === 'webhooks.endpoint_disabled');
    expect(audit).toEqual([expect.objectContaining({ target_id: a.endpointId, changes: expect.objectContaining({ reason: ep.disabled_reason }) })]);
  });

  it('after a rotation both secrets sign for 24 h: receivers with the old or the new one verify', async () => {
    const a = await subscribed();
    const old = rx.secrets.get(a.path)!;
    const rotated = await cli('webhook:rotate-secret', '--id', a.endpointId);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(new Date(rotated.previous_secret_expires_at).getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    rx.secrets.set(a.path, rotated.secret);
    await a.client.call('customers.create', { display_name: 'Rotated' });
    await waitFor(() => rx.on(a.path).length >= 1);
    const [r] = rx.on(a.path);
    expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(r.body, r.headers as Record<string, string>)).toEqual(r.event);
    expect(rx.unverified).toEqual([]);
  });

  it('webhook:list, update (disable, events) and delete', async () => {
    const a = await subscribed('customers.created');
    const [ep] = (await cli('webhook:list', '--tenant', a.tenantId)).data;
    expect(ep).toMatchObject({ id: a.endpointId, url: rx.url(a.path), events: ['customers.created'], description: 'test receiver', disabled: false });
    expect(ep).not.toHaveProperty('secret');
    const off = await cli('webhook:update', '--id', a.endpointId, '--disabled', 'true', '--events', 'customers.created,customers.updated');
    expect(off).toMatchObject({ disabled: true, events: ['customers.created', 'customers.updated'] });
    await a.client.call('customers.create', { display_name: 'While disabled' });
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.on(a.path)).toEqual([]);
    await cli('webhook:update', '--id', a.endpointId, '--disabled', 'false');
    const c = await a.client.call('customers.create', { display_name: 'Enabled again' });
    await a.client.call('customers.update', { id: c.id, phone: '555-0101' });
    await waitFor(() => rx.on(a.path).length >= 2);
    expect(rx.on(a.path).map((r) => r.event.type)).toEqual(['customers.created', 'customers.updated']);
    expect(rx.on(a.path)[1].event.data.changes).toEqual({ phone: '555-0101' });
    expect(await cli('webhook:delete', '--id', a.endpointId)).toEqual({ id: a.endpointId, deleted: true });
    expect((await cli('webhook:list', '--tenant', a.tenantId)).data).toEqual([]);
    const bad = await runCli('webhook:create', '--tenant', a.tenantId, '--url', rx.url('/x'), '--events', 'jobs.exploded', '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/events: unknown event type jobs\.exploded/);
  });

  it('private, link-local and metadata addresses are refused, when the endpoint is made and when a delivery connects', async () => {
    const a = await newTenant(t);
    for (const url of [
      'https://10.0.0.5/hook',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:10.0.0.1]/',
      'http://example.com/hook',
      'ftp://example.com/',
    ]) {
      const r = await runCli('webhook:create', '--tenant', a.tenantId, '--url', url, '--events', 'all', '--json');
      expect([url, r.code]).toEqual([url, 1]);
      expect(r.err).toMatch(/url: /);
      expect(r.out).toBe('');
    }
    // an endpoint that got in anyway (e.g. an older row) is still refused at delivery time, with no request sent
    const [ep] = await t.ds.query(`INSERT INTO webhook_endpoints (tenant_id, url, events) VALUES ($1, 'https://10.9.8.7/hook', '{all}') RETURNING id`, [a.tenantId]);
    const sealed = t.app.get(KeyEncryption).seal(SECRET_PURPOSE, ep.id, 'whsec_dGVzdA==');
    await t.ds.query(`INSERT INTO webhook_secrets (tenant_id, endpoint_id, secret) VALUES ($1, $2, $3)`, [a.tenantId, ep.id, sealed]);
    await a.client.call('customers.create', { display_name: 'Nowhere' });
    await waitFor(
      async () =>
        (await t.ds.query(`SELECT 1 FROM webhook_attempts a JOIN webhook_deliveries d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id WHERE d.endpoint_id = $1`, [ep.id]))
          .length > 0,
    );
    const [att] = await t.ds.query(
      `SELECT a.outcome, a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id WHERE d.endpoint_id = $1`,
      [ep.id],
    );
    expect(att.outcome).toBe('refused');
    expect(att.error).toMatch(/private/);
    // a name is checked on the address it resolves to, at connect time (no loopback unless allowed)
    const refused = await new Promise<string>((resolve) => guardedLookup(false)('localhost', { all: true }, (err) => resolve(err?.message ?? 'allowed')));
    expect(refused).toMatch(/refused: localhost resolves to .*loopback/);
    const allowed = await new Promise<any>((resolve) => guardedLookup(true)('localhost', { all: true }, (err, addrs) => resolve(err ?? addrs)));
    expect(Array.isArray(allowed)).toBe(true);
  });

  it('secrets are stored encrypted, bound to their endpoint: the database holds no whsec_ value', async () => {
    const a = await newTenant(t);
    const ep = await cli('webhook:create', '--tenant', a.tenantId, '--url', rx.url(`/hook-${++n}`), '--events', 'all');
    const rotated = await cli('webhook:rotate-secret', '--id', ep.id);
    const rows: { secret: string }[] = await t.ds.query(`SELECT secret FROM webhook_secrets WHERE endpoint_id = $1`, [ep.id]);
    expect(rows).toHaveLength(2);
    for (const { secret } of rows) {
      expect(secret).not.toContain('whsec_');
      expect(secret).not.toContain(ep.secret.slice(6));
      expect(secret).not.toContain(rotated.secret.slice(6));
    }
    const box = t.app.get(KeyEncryption);
    expect(rows.map((r) => box.open(SECRET_PURPOSE, ep.id, r.secret)).sort()).toEqual([ep.secret, rotated.secret].sort());
    // moved to another endpoint's row, a sealed secret does not open
    expect(() => box.open(SECRET_PURPOSE, '00000000-0000-4000-8000-000000000000', rows[0].secret)).toThrow(/cannot be decrypted/);
  });

  it('/metrics shows delivery outcomes and the oldest undelivered event', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/zoop_webhook_deliveries_total\{outcome="delivered"\} \d+/);
    expect(text).toMatch(/zoop_webhook_deliveries_total\{outcome="retry"\} \d+/);
    expect(text).toMatch(/zoop_webhook_oldest_undelivered_seconds \d/);
  });
});
