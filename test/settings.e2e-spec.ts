import { randomUUID } from 'node:crypto';
import { OAuthService } from '../src/oauth/oauth.service';
import { SIGN_IN_LIMITS } from '../src/oauth/sign-in.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { TestApp } from './support/app';
import { runCli } from './support/cli';
import { authorize, hiddenFields, pkce, register, startOAuthApp, token, userWithPassword } from './support/oauth';
import { cookiesOf, csrfOf, getPage, postForm, settingsSignIn } from './support/settings';

// Settings → API & MCP over plain HTTP: the rules a browser test would not pin down exactly
// (headers, cookies, CSRF and Origin, expiry, audit rows, tenant isolation).
describe('settings page (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t.close());

  const keysOf = (tenantId: string) => t.tenancy.listKeys(tenantId);
  const audit = (tenantId: string) => t.ds.query(`SELECT tool, actor_kind, actor_id, target_id, changes FROM audit_events WHERE tenant_id = $1 ORDER BY at`, [tenantId]);

  it('signed out, the page is a sign-in form with the security headers and a __Host- cookie', async () => {
    const res = await getPage(t, '/settings/api');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self';/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    for (const [h, v] of [
      ['x-frame-options', 'DENY'],
      ['cache-control', 'no-store'],
      ['referrer-policy', 'no-referrer'],
      ['x-content-type-options', 'nosniff'],
    ])
      expect([h, res.headers.get(h)]).toEqual([h, v]);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-zoop_oauth_csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    // no external fonts or scripts: only this server's own assets
    expect(html.match(/(?:src|href)="([^"#]+)"/g)!.every((m) => /="\/(settings|oauth)?/.test(m))).toBe(true);
    const css = await getPage(t, '/settings/assets/settings.css');
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('an owner signs in: a __Host- session cookie (HttpOnly, SameSite=Lax, Secure), then the page lists the keys', async () => {
    const owner = await userWithPassword(t);
    const { res, cookie } = await settingsSignIn(t, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/api');
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-zoop_settings='))!;
    expect(session).toMatch(/^__Host-zoop_settings=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const page = await getPage(t, '/settings/api', cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h2 id="keys">API keys</h2>');
    expect(html).toContain(owner.email);
  });

  it('a member with the right password is refused with "ask an owner" (403) and gets no session', async () => {
    const owner = await userWithPassword(t);
    const member = await t.tenancy.createUser(owner.tenantId, { email: `${randomUUID()}@test.dev`, role: 'member' });
    await t.app.get(OAuthService).setPassword(member.id, 'member password 1');
    const { res, cookie } = await settingsSignIn(t, { email: member.email, password: 'member password 1' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Ask an owner');
    expect(cookie).not.toContain('__Host-zoop_settings=');
  });

  it('an owner demoted while signed in is refused on the next request', async () => {
    const owner = await userWithPassword(t);
    const { cookie } = await settingsSignIn(t, owner);
    await t.ds.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [owner.userId]);
    const res = await getPage(t, '/settings/api', cookie);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Ask an owner');
  });

  it("a wrong password is 401; the failure throttle is the consent page's (429 with Retry-After)", async () => {
    const owner = await userWithPassword(t);
    const wrong = { email: owner.email, password: 'not the password' };
    expect((await settingsSignIn(t, wrong)).res.status).toBe(401);
    for (let i = 1; i < SIGN_IN_LIMITS.perAccountAndAddress.max; i++) await settingsSignIn(t, wrong);
    const blocked = await settingsSignIn(t, owner);
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    // the same email on the consent page is blocked too: one throttle for both doors
    const { body: client } = await register(t, ['http://127.0.0.1:9/cb']);
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: 'http://127.0.0.1:9/cb', code_challenge: pkce().challenge, code_challenge_method: 'S256' };
    expect((await authorize(t, q, owner)).status).toBe(429);
  });

  it("sign-in without the form's CSRF token, or from another origin, is refused", async () => {
    const owner = await userWithPassword(t);
    const page = await getPage(t, '/settings/api');
    const pre = cookiesOf(page);
    const { csrf_token } = hiddenFields(await page.text());
    for (const [token, headers] of [
      ['x'.repeat(43), {}],
      [csrf_token, { origin: 'https://evil.example' }],
    ] as const) {
      const res = await postForm(t, '/settings/api/sign-in', pre, { csrf_token: token, email: owner.email, password: owner.password }, headers);
      expect(res.status).toBe(403);
      expect(cookiesOf(res)).not.toContain('__Host-zoop_settings=');
    }
    // the same form, untampered, signs in
    expect((await postForm(t, '/settings/api/sign-in', pre, { csrf_token, email: owner.email, password: owner.password })).status).toBe(303);
  });

  describe('actions', () => {
    let owner: Awaited<ReturnType<typeof userWithPassword>>;
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      owner = await userWithPassword(t);
      ({ cookie } = await settingsSignIn(t, owner));
      csrf = await csrfOf(t, cookie);
    });

    it("creating a key goes through the CLI's service: same storage, same audit row shape (the CLI as operator)", async () => {
      const res = await postForm(t, '/settings/api/keys', cookie, { csrf_token: csrf, name: 'web key', kind: 'user', scope: ['read:jobs', 'write:jobs'], expires_in_days: '30' });
      expect(res.status).toBe(200);
      const html = await res.text();
      const shown = /id="token" type="text" readonly value="(zoop_uk_[A-Za-z0-9_-]+)"/.exec(html)![1];
      expect(html).toContain(`Authorization: Bearer ${shown}`); // the client snippets are filled in
      expect(html).toContain(`${t.baseUrl}/api/mcp`);
      const [key] = await keysOf(owner.tenantId);
      expect(key).toMatchObject({ name: 'web key', prefix: 'zoop_uk_', user_id: owner.userId, scopes: ['read:jobs', 'write:jobs'] });
      expect(JSON.stringify(await keysOf(owner.tenantId))).not.toContain(shown);
      const list = await (await getPage(t, '/settings/api', cookie)).text();
      expect(list).toContain(`zoop_uk_…${shown.slice(-4)}`);
      expect(list).not.toContain(shown);

      const cli = await runCli('key:issue', '--tenant', owner.tenantId, '--scopes', 'read:jobs', '--name', 'cli key', '--json');
      expect(cli.code).toBe(0);
      const rows = await audit(owner.tenantId);
      expect(rows).toEqual([
        {
          tool: 'api_keys.issue',
          actor_kind: 'user',
          actor_id: owner.userId,
          target_id: key.id,
          changes: { name: 'web key', user_id: owner.userId, scopes: ['read:jobs', 'write:jobs'], expires_at: key.expires_at },
        },
        {
          tool: 'api_keys.issue',
          actor_kind: 'operator',
          actor_id: null,
          target_id: JSON.parse(cli.out).id,
          changes: { name: 'cli key', user_id: null, scopes: ['read:jobs'], expires_at: null },
        },
      ]);
    });

    it('refuses bad input with a message and creates nothing', async () => {
      const before = (await keysOf(owner.tenantId)).length;
      for (const body of [
        { name: 'no scopes', kind: 'user' },
        { name: 'bad scope', kind: 'user', scope: ['read:nothing'] },
        { name: '', kind: 'user', all_scopes: 'yes' },
        { name: 'bad expiry', kind: 'user', all_scopes: 'yes', expires_in_days: '0' },
        { name: 'x'.repeat(201), kind: 'user', all_scopes: 'yes' },
      ]) {
        const res = await postForm(t, '/settings/api/keys', cookie, { csrf_token: csrf, ...body });
        expect([body.name.slice(0, 20), res.status]).toEqual([body.name.slice(0, 20), 400]);
        expect(await res.text()).toContain('class="err" role="alert"');
      }
      expect((await keysOf(owner.tenantId)).length).toBe(before);
    });

    it('a tenant key with all scopes', async () => {
      const res = await postForm(t, '/settings/api/keys', cookie, { csrf_token: csrf, name: 'whole business', kind: 'tenant', all_scopes: 'yes' });
      expect(res.status).toBe(200);
      const key = (await keysOf(owner.tenantId)).find((k) => k.name === 'whole business')!;
      expect(key).toMatchObject({ prefix: 'zoop_tk_', user_id: null });
      // stored as `all` (like key:issue --scopes all): it keeps covering entities added later
      expect(key.scopes).toEqual(['all']);
    });

    it("a tampered, missing or other session's CSRF token, or another Origin, is refused and changes nothing", async () => {
      const other = await settingsSignIn(t, await userWithPassword(t));
      const otherCsrf = await csrfOf(t, other.cookie);
      const before = (await keysOf(owner.tenantId)).length;
      const tampered = csrf.slice(0, -1) + (csrf.endsWith('A') ? 'B' : 'A');
      for (const [token, headers] of [
        [tampered, {}],
        ['', {}],
        [otherCsrf, {}],
        [csrf, { origin: 'https://evil.example' }],
        [csrf, { origin: 'null' }],
        [csrf, { 'sec-fetch-site': 'cross-site' }],
        [csrf, { 'sec-fetch-site': 'same-site', origin: 'null' }],
      ] as const) {
        const res = await postForm(t, '/settings/api/keys', cookie, { csrf_token: token, name: 'csrf', all_scopes: 'yes' }, headers);
        expect(res.status).toBe(403);
        expect(await res.text()).toContain('This form has expired');
      }
      expect((await keysOf(owner.tenantId)).length).toBe(before);
      // the page's own origin is fine
      const ok = await postForm(t, '/settings/api/keys', cookie, { csrf_token: csrf, name: 'same origin', all_scopes: 'yes' }, { origin: t.baseUrl });
      expect(ok.status).toBe(200);
    });

    it("revoking: a confirmation page, then the key stops working and an audit row is written; another tenant's key is not found", async () => {
      const issued = await t.tenancy.issueKey({ tenantId: owner.tenantId, userId: owner.userId, scopes: ['read:customers'], name: 'to revoke' });
      const client = t.client(issued.token);
      expect((await client.rpc('tools/list', {})).status).toBe(200);
      const confirm = await getPage(t, `/settings/api/keys/${issued.id}/revoke`, cookie);
      expect(confirm.status).toBe(200);
      expect(await confirm.text()).toContain('Revoke the key “to revoke”?');
      const res = await postForm(t, `/settings/api/keys/${issued.id}/revoke`, cookie, { csrf_token: csrf });
      expect([res.status, res.headers.get('location')]).toEqual([303, '/settings/api?notice=key_revoked#keys']);
      expect((await client.rpc('tools/list', {})).status).toBe(401);
      expect((await audit(owner.tenantId)).filter((r: any) => r.tool === 'api_keys.revoke')).toEqual([
        { tool: 'api_keys.revoke', actor_kind: 'user', actor_id: owner.userId, target_id: issued.id, changes: {} },
      ]);

      const stranger = await userWithPassword(t);
      const theirs = await t.tenancy.issueKey({ tenantId: stranger.tenantId, scopes: ['read:jobs'] });
      expect((await getPage(t, `/settings/api/keys/${theirs.id}/revoke`, cookie)).status).toBe(404);
      expect((await postForm(t, `/settings/api/keys/${theirs.id}/revoke`, cookie, { csrf_token: csrf })).status).toBe(404);
      expect((await postForm(t, `/settings/api/keys/not-a-uuid/revoke`, cookie, { csrf_token: csrf })).status).toBe(404);
      expect((await t.client(theirs.token).rpc('tools/list', {})).status).toBe(200);
    });

    it('connected apps: an OAuth grant is listed by user; revoking it stops its access and refresh tokens at once', async () => {
      const redirect = 'http://127.0.0.1:9/cb';
      const { body: client } = await register(t, [redirect]);
      const { verifier, challenge } = pkce();
      const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256', scope: 'read:jobs' };
      const { location } = await authorize(t, q, owner);
      const code = new URL(location!).searchParams.get('code')!;
      const tok = await token(t, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier });
      const app = t.client(tok.body.access_token);
      expect((await app.rpc('tools/list', {})).status).toBe(200);

      const html = await (await getPage(t, '/settings/api', cookie)).text();
      expect(html).toContain('Test MCP client');
      const family = /\/settings\/api\/apps\/([0-9a-f-]{36})\/revoke/.exec(html)![1];
      expect((await getPage(t, `/settings/api/apps/${family}/revoke`, cookie)).status).toBe(200);
      const res = await postForm(t, `/settings/api/apps/${family}/revoke`, cookie, { csrf_token: csrf });
      expect(res.status).toBe(303);
      expect((await app.rpc('tools/list', {})).status).toBe(401);
      const again = await token(t, { grant_type: 'refresh_token', refresh_token: tok.body.refresh_token, client_id: client.client_id });
      expect(again.body.error).toBe('invalid_grant');
      expect(await (await getPage(t, '/settings/api', cookie)).text()).not.toContain(`/settings/api/apps/${family}/revoke`);
      expect((await audit(owner.tenantId)).filter((r: any) => r.tool === 'oauth_grants.revoke')).toEqual([
        { tool: 'oauth_grants.revoke', actor_kind: 'user', actor_id: owner.userId, target_id: family, changes: { client_id: client.client_id, user_id: owner.userId } },
      ]);
    });

    it('the audit section shows the latest events, filterable by tool and actor; a bad filter is a message, not an error', async () => {
      const all = await (await getPage(t, '/settings/api', cookie)).text();
      expect(all).toContain('<code class="nowrap">api_keys.issue</code>');
      expect(all).toContain('Operator (admin CLI)');
      const revokes = await (await getPage(t, '/settings/api?tool=api_keys.revoke', cookie)).text();
      expect(revokes).toContain('<code class="nowrap">api_keys.revoke</code>');
      expect(revokes).not.toContain('<code class="nowrap">api_keys.issue</code>');
      const operator = await (await getPage(t, '/settings/api?actor=operator', cookie)).text();
      expect(operator.match(/<code class="nowrap">api_keys\.\w+<\/code>/g)).toEqual(['<code class="nowrap">api_keys.issue</code>']);
      const bad = await getPage(t, '/settings/api?tool=%3Cscript%3E&actor=x', cookie);
      expect(bad.status).toBe(200);
      const badHtml = await bad.text();
      expect(badHtml).toContain('tool: must be a tool name');
      expect(badHtml).not.toContain('<script>');
    });

    it('a signed-out session reaches no action: sign-out ends it on the server, and every action is 401', async () => {
      const me = await settingsSignIn(t, owner);
      const myCsrf = await csrfOf(t, me.cookie);
      const out = await postForm(t, '/settings/api/sign-out', me.cookie, { csrf_token: myCsrf });
      expect(out.status).toBe(200);
      expect(out.headers.getSetCookie()[0]).toMatch(/^__Host-zoop_settings=; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=0$/);
      const key = (await keysOf(owner.tenantId)).find((k) => !k.revoked_at)!;
      const family = randomUUID();
      const before = await keysOf(owner.tenantId);
      for (const [path, body] of [
        ['/settings/api/keys', { name: 'after sign-out', all_scopes: 'yes' }],
        [`/settings/api/keys/${key.id}/revoke`, {}],
        [`/settings/api/apps/${family}/revoke`, {}],
        ['/settings/api/sign-out', {}],
      ] as const) {
        const res = await postForm(t, path, me.cookie, { csrf_token: myCsrf, ...body });
        expect([path, res.status]).toEqual([path, 401]);
        expect(await res.text()).toContain('You are signed out');
      }
      for (const path of ['/settings/api/keys/' + key.id + '/revoke', `/settings/api/apps/${family}/revoke`]) {
        expect((await getPage(t, path, me.cookie)).status).toBe(401);
      }
      expect(await (await getPage(t, '/settings/api', me.cookie)).text()).toContain('<label for="email">Email</label>');
      expect(await keysOf(owner.tenantId)).toEqual(before);
    });

    describe("webhooks (through the CLI's WebhooksService, scoped to the owner's tenant)", () => {
      const url = 'https://hooks.example.com/zoop';
      const secretOf = (html: string) => /id="secret" type="text" readonly value="(whsec_[A-Za-z0-9+/=]+)"/.exec(html)?.[1];
      const endpointsOf = async (tenantId: string) => {
        const r = await runCli('webhook:list', '--tenant', tenantId, '--json');
        expect(r.code).toBe(0);
        return JSON.parse(r.out).data as any[];
      };
      let endpointId: string;

      it('an owner adds an endpoint: the secret is shown once, the CLI lists it, the page never shows the secret again', async () => {
        const res = await postForm(t, '/settings/api/webhooks', cookie, { csrf_token: csrf, url, event: ['customers.created', 'jobs.status_changed'], description: 'CRM sync' });
        expect(res.status).toBe(200);
        const html = await res.text();
        const secret = secretOf(html)!;
        expect(secret).toMatch(/^whsec_/);
        expect(html).toContain('data-copy="secret"');
        const [ep] = await endpointsOf(owner.tenantId);
        expect(ep).toMatchObject({ url, events: ['customers.created', 'jobs.status_changed'], description: 'CRM sync', disabled: false });
        endpointId = ep.id;
        const page = await (await getPage(t, '/settings/api', cookie)).text();
        expect(page).toContain('<h2 id="webhooks">Webhooks</h2>');
        expect(page).toContain(`<code>${url}</code>`);
        expect(page).toContain('customers.created, jobs.status_changed');
        expect(page).toContain(`/settings/api/webhooks/${endpointId}`);
        expect(page).not.toContain(secret);
        expect(await (await getPage(t, `/settings/api/webhooks/${endpointId}`, cookie)).text()).not.toContain(secret);
      });

      it('a private or loopback address, http, no events or an unknown event is refused with a clear message; nothing is added', async () => {
        const before = (await endpointsOf(owner.tenantId)).length;
        for (const [body, message] of [
          [{ url: 'https://10.0.0.5/hook', all_events: 'yes' }, 'url: '],
          [{ url: 'https://127.0.0.1/hook', all_events: 'yes' }, 'url: '],
          [{ url: 'https://169.254.169.254/latest', all_events: 'yes' }, 'url: '],
          [{ url: 'http://hooks.example.com/zoop', all_events: 'yes' }, 'url: '],
          [{ url }, 'events: name at least one event type'],
          [{ url, more_events: 'jobs.exploded' }, 'events: unknown event type jobs.exploded'],
        ] as const) {
          const res = await postForm(t, '/settings/api/webhooks', cookie, { csrf_token: csrf, ...body });
          expect([body.url, res.status]).toEqual([body.url, 400]);
          const html = await res.text();
          expect(html).toContain('class="err" role="alert"');
          expect(html).toContain(message);
          expect(secretOf(html)).toBeUndefined();
        }
        const res = await postForm(t, '/settings/api/webhooks', cookie, { csrf_token: csrf, url: 'https://192.168.1.10/hook', all_events: 'yes' });
        expect(await res.text()).toMatch(/url: [^<]*(private|address)/i);
        expect((await endpointsOf(owner.tenantId)).length).toBe(before);
      });

      it('rotating shows a new secret once and says the old one keeps signing for 24 hours', async () => {
        const res = await postForm(t, `/settings/api/webhooks/${endpointId}/rotate`, cookie, { csrf_token: csrf });
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(secretOf(html)).toMatch(/^whsec_/);
        expect(html).toContain('keeps signing beside it for 24 hours');
        const secrets = await t.ds.query(`SELECT expires_at FROM webhook_secrets WHERE endpoint_id = $1 ORDER BY created_at`, [endpointId]);
        expect(secrets.map((s: any) => s.expires_at === null)).toEqual([false, true]);
      });

      it('disable and enable', async () => {
        const off = await postForm(t, `/settings/api/webhooks/${endpointId}/disable`, cookie, { csrf_token: csrf });
        expect([off.status, off.headers.get('location')]).toEqual([303, `/settings/api/webhooks/${endpointId}?notice=webhook_disabled`]);
        expect((await endpointsOf(owner.tenantId))[0]).toMatchObject({ disabled: true, disabled_reason: 'disabled by an operator' });
        const page = await (await getPage(t, off.headers.get('location')!, cookie)).text();
        expect(page).toContain('The endpoint is disabled');
        expect(page).toContain(`action="/settings/api/webhooks/${endpointId}/enable"`);
        expect((await postForm(t, `/settings/api/webhooks/${endpointId}/enable`, cookie, { csrf_token: csrf })).status).toBe(303);
        expect((await endpointsOf(owner.tenantId))[0]).toMatchObject({ disabled: false });
      });

      it('a write through /api/mcp makes a delivery; the endpoint page lists it and re-sends it', async () => {
        const key = await t.tenancy.issueKey({ tenantId: owner.tenantId, userId: owner.userId, scopes: ['write:customers'], name: 'hooks' });
        await t.client(key.token).call('customers.create', { display_name: 'Hooked Customer' });
        const page = await (await getPage(t, `/settings/api/webhooks/${endpointId}`, cookie)).text();
        expect(page).toContain('<code class="nowrap">customers.created</code>');
        const [delivery] = await t.app.get(WebhooksService).deliveries(endpointId);
        expect(page).toContain(`/deliveries/${delivery.id}/resend`);
        const res = await postForm(t, `/settings/api/webhooks/${endpointId}/deliveries/${delivery.id}/resend`, cookie, { csrf_token: csrf });
        expect([res.status, res.headers.get('location')]).toEqual([303, `/settings/api/webhooks/${endpointId}?notice=webhook_resent#deliveries`]);
        const after = await t.app.get(WebhooksService).deliveries(endpointId);
        expect(after.map((d: any) => [d.type, d.event_id])).toEqual([
          ['customers.created', delivery.event_id],
          ['customers.created', delivery.event_id],
        ]);
        expect(await (await getPage(t, `/settings/api/webhooks/${endpointId}?notice=webhook_resent`, cookie)).text()).toContain('queued to be sent again');
      });

      it("another tenant's endpoint and delivery are not found, and stay untouched", async () => {
        const stranger = await userWithPassword(t);
        const theirs = await t.app.get(WebhooksService).create({ tenantId: stranger.tenantId, url: 'https://hooks.example.com/theirs', events: 'all' });
        const key = await t.tenancy.issueKey({ tenantId: stranger.tenantId, scopes: ['write:customers'] });
        await t.client(key.token).call('customers.create', { display_name: 'Their Customer' });
        const [delivery] = await t.app.get(WebhooksService).deliveries(theirs.id);
        for (const path of [`/settings/api/webhooks/${theirs.id}`, `/settings/api/webhooks/${theirs.id}/delete`, '/settings/api/webhooks/not-a-uuid']) {
          expect([path, (await getPage(t, path, cookie)).status]).toEqual([path, 404]);
        }
        for (const action of ['rotate', 'disable', 'enable', 'delete', `deliveries/${delivery.id}/resend`]) {
          const res = await postForm(t, `/settings/api/webhooks/${theirs.id}/${action}`, cookie, { csrf_token: csrf });
          expect([action, res.status]).toEqual([action, 404]);
          expect(await res.text()).toContain('No webhook ');
        }
        // my endpoint's path with their delivery id: still not found
        expect((await postForm(t, `/settings/api/webhooks/${endpointId}/deliveries/${delivery.id}/resend`, cookie, { csrf_token: csrf })).status).toBe(404);
        expect(await endpointsOf(stranger.tenantId)).toMatchObject([{ id: theirs.id, disabled: false }]);
        expect(await t.app.get(WebhooksService).deliveries(theirs.id)).toHaveLength(1);
        expect(await t.ds.query(`SELECT count(*)::int AS n FROM webhook_secrets WHERE endpoint_id = $1`, [theirs.id])).toEqual([{ n: 1 }]);
        expect(await (await getPage(t, '/settings/api', cookie)).text()).not.toContain(theirs.id);
      });

      it('without the CSRF token, or from another origin, webhook actions are refused and change nothing', async () => {
        const before = await endpointsOf(owner.tenantId);
        for (const [path, body, headers] of [
          ['/settings/api/webhooks', { url: 'https://hooks.example.com/csrf', all_events: 'yes' }, {}],
          [`/settings/api/webhooks/${endpointId}/disable`, {}, {}],
          [`/settings/api/webhooks/${endpointId}/delete`, {}, {}],
          [`/settings/api/webhooks/${endpointId}/rotate`, { csrf_token: csrf }, { origin: 'https://evil.example' }],
        ] as const) {
          const res = await postForm(t, path, cookie, body, headers);
          expect([path, res.status]).toEqual([path, 403]);
          expect(await res.text()).toContain('This form has expired');
        }
        expect(await endpointsOf(owner.tenantId)).toEqual(before);
      });

      it('deleting asks for confirmation, then the endpoint is gone', async () => {
        const confirm = await getPage(t, `/settings/api/webhooks/${endpointId}/delete`, cookie);
        expect(confirm.status).toBe(200);
        expect(await confirm.text()).toContain(`Delete the webhook endpoint ${url}?`);
        const res = await postForm(t, `/settings/api/webhooks/${endpointId}/delete`, cookie, { csrf_token: csrf });
        expect([res.status, res.headers.get('location')]).toEqual([303, '/settings/api?notice=webhook_deleted#webhooks']);
        expect(await endpointsOf(owner.tenantId)).toEqual([]);
        expect((await getPage(t, `/settings/api/webhooks/${endpointId}`, cookie)).status).toBe(404);
      });
    });

    it('sessions end after 30 idle minutes and 12 hours after sign-in', async () => {
      const idle = await settingsSignIn(t, owner);
      await t.ds.query(`UPDATE settings_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [owner.userId]);
      expect(await (await getPage(t, '/settings/api', idle.cookie)).text()).toContain('<label for="email">Email</label>');
      const old = await settingsSignIn(t, owner);
      expect(await (await getPage(t, '/settings/api', old.cookie)).text()).toContain('id="keys"');
      await t.ds.query(`UPDATE settings_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [owner.userId]);
      expect(await (await getPage(t, '/settings/api', old.cookie)).text()).toContain('<label for="email">Email</label>');
    });
  });
});
