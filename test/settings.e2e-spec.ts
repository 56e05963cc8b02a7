import { randomUUID } from 'node:crypto';
import { ALL_SCOPES } from '../src/auth/scopes';
import { OAuthService } from '../src/oauth/oauth.service';
import { SIGN_IN_LIMITS } from '../src/oauth/sign-in.service';
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
    for (const [h, v] of [['x-frame-options', 'DENY'], ['cache-control', 'no-store'], ['referrer-policy', 'no-referrer'], ['x-content-type-options', 'nosniff']]) expect([h, res.headers.get(h)]).toEqual([h, v]);
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

  it('a wrong password is 401; the failure throttle is the consent page\'s (429 with Retry-After)', async () => {
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

  it('sign-in without the form\'s CSRF token, or from another origin, is refused', async () => {
    const owner = await userWithPassword(t);
    const page = await getPage(t, '/settings/api');
    const pre = cookiesOf(page);
    const { csrf_token } = hiddenFields(await page.text());
    for (const [token, headers] of [['x'.repeat(43), {}], [csrf_token, { origin: 'https://evil.example' }]] as const) {
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

    it('creating a key goes through the CLI\'s service: same storage, same audit row shape (the CLI as operator)', async () => {
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
        { tool: 'api_keys.issue', actor_kind: 'user', actor_id: owner.userId, target_id: key.id, changes: { name: 'web key', user_id: owner.userId, scopes: ['read:jobs', 'write:jobs'], expires_at: key.expires_at } },
        { tool: 'api_keys.issue', actor_kind: 'operator', actor_id: null, target_id: JSON.parse(cli.out).id, changes: { name: 'cli key', user_id: null, scopes: ['read:jobs'], expires_at: null } },
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
      expect([...key.scopes].sort()).toEqual([...ALL_SCOPES].sort());
    });

    it('a tampered, missing or other session\'s CSRF token, or another Origin, is refused and changes nothing', async () => {
      const other = await settingsSignIn(t, await userWithPassword(t));
      const otherCsrf = await csrfOf(t, other.cookie);
      const before = (await keysOf(owner.tenantId)).length;
      const tampered = csrf.slice(0, -1) + (csrf.endsWith('A') ? 'B' : 'A');
      for (const [token, headers] of [[tampered, {}], ['', {}], [otherCsrf, {}], [csrf, { origin: 'https://evil.example' }], [csrf, { origin: 'null' }], [csrf, { 'sec-fetch-site': 'cross-site' }], [csrf, { 'sec-fetch-site': 'same-site', origin: 'null' }]] as const) {
        const res = await postForm(t, '/settings/api/keys', cookie, { csrf_token: token, name: 'csrf', all_scopes: 'yes' }, headers);
        expect(res.status).toBe(403);
        expect(await res.text()).toContain('This form has expired');
      }
      expect((await keysOf(owner.tenantId)).length).toBe(before);
      // the page's own origin is fine
      const ok = await postForm(t, '/settings/api/keys', cookie, { csrf_token: csrf, name: 'same origin', all_scopes: 'yes' }, { origin: t.baseUrl });
      expect(ok.status).toBe(200);
    });

    it('revoking: a confirmation page, then the key stops working and an audit row is written; another tenant\'s key is not found', async () => {
      const issued = await t.tenancy.issueKey({ tenantId: owner.tenantId, userId: owner.userId, scopes: ['read:customers'], name: 'to revoke' });
      const client = t.client(issued.token);
      expect((await client.rpc('tools/list', {})).status).toBe(200);
      const confirm = await getPage(t, `/settings/api/keys/${issued.id}/revoke`, cookie);
      expect(confirm.status).toBe(200);
      expect(await confirm.text()).toContain('Revoke the key “to revoke”?');
      const res = await postForm(t, `/settings/api/keys/${issued.id}/revoke`, cookie, { csrf_token: csrf });
      expect([res.status, res.headers.get('location')]).toEqual([303, '/settings/api?notice=key_revoked#keys']);
      expect((await client.rpc('tools/list', {})).status).toBe(401);
      expect((await audit(owner.tenantId)).filter((r: any) => r.tool === 'api_keys.revoke')).toEqual([{ tool: 'api_keys.revoke', actor_kind: 'user', actor_id: owner.userId, target_id: issued.id, changes: {} }]);

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

    it('sessions end after 30 idle minutes and 12 hours after sign-in', async () => {
      const idle = await settingsSignIn(t, owner);
      await t.ds.query(`UPDATE settings_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [owner.userId]);
      expect(await (await getPage(t, '/settings/api', idle.cookie)).text()).toContain('<label for="email">Email</label>');
      const old = await settingsSignIn(t, owner);
      expect((await (await getPage(t, '/settings/api', old.cookie)).text())).toContain('id="keys"');
      await t.ds.query(`UPDATE settings_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [owner.userId]);
      expect(await (await getPage(t, '/settings/api', old.cookie)).text()).toContain('<label for="email">Email</label>');
    });
  });
});
