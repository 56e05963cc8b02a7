import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { DataSource } from 'typeorm';
import { runCli as cli, runCliWithStdin } from './support/cli';
import { TestApp } from './support/app';
import { TOKEN_CACHE_MS } from '../src/auth/token-verifier';

// A revocation made by another process (the admin CLI) reaches a server within its token cache time.
const afterTokenCache = () => new Promise((r) => setTimeout(r, TOKEN_CACHE_MS + 50));
import { adminClient, connect, form, hiddenFields, pkce, register, startOAuthApp, token, userWithPassword } from './support/oauth';

// Issue 14, section D: what a hostile client or caller could do to the authorization server.
// The app trusts X-Forwarded-For (TRUST_PROXY), so each test can speak from its own client address.
describe('OAuth hardening (issue 14 D)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp({ TRUST_PROXY: 'true', OAUTH_REGISTRATIONS_PER_HOUR: '30' });
  });
  afterAll(() => t.close());

  /** A fresh client address (IPv6 documentation range), so throttles of one test (or run) do not touch another. */
  const newAddress = () => `2001:db8::${randomBytes(6).toString('hex').match(/..../g)!.join(':')}`;

  const mcp = (accessToken: string) => t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, { authorization: `Bearer ${accessToken}` });

  const registerFrom = async (address: string, body: Record<string, unknown>) => {
    const res = await fetch(`${t.baseUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ client_name: 'Hostile client', token_endpoint_auth_method: 'none', ...body }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };

  /** The consent page then the sign-in POST, both from one client address. */
  async function signInFrom(address: string, q: Record<string, string>, creds: { email: string; password: string }) {
    const page = await fetch(`${t.baseUrl}/oauth/authorize?${form(q)}`, { headers: { 'x-forwarded-for': address } });
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    const started = performance.now();
    const res = await fetch(`${t.baseUrl}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': address },
      body: form({ ...hiddenFields(await page.text()), email: creds.email, password: creds.password, decision: 'approve' }),
    });
    const ms = performance.now() - started;
    return { status: res.status, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after'), html: await res.text(), ms };
  }

  const flowFor = async (redirect = 'https://app.example/cb') => {
    const { body: client } = await register(t, [redirect]);
    return { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: pkce().challenge, code_challenge_method: 'S256' };
  };

  describe('16. dynamic registration', () => {
    it('caps metadata: redirect URI count and length, client_name, the whole document', async () => {
      const a = newAddress();
      const many = Array.from({ length: 11 }, (_, i) => `https://app.example/cb${i}`);
      expect(await registerFrom(a, { redirect_uris: many })).toMatchObject({ status: 400, body: { error: 'invalid_redirect_uri' } });
      expect(await registerFrom(a, { redirect_uris: [`https://app.example/${'x'.repeat(1000)}`] })).toMatchObject({ status: 400, body: { error: 'invalid_redirect_uri' } });
      expect(await registerFrom(a, { redirect_uris: ['https://app.example/cb'], client_name: 'n'.repeat(101) })).toMatchObject({
        status: 400,
        body: { error: 'invalid_client_metadata' },
      });
      expect(await registerFrom(a, { redirect_uris: ['https://app.example/cb'], software_statement: 's'.repeat(9000) })).toMatchObject({
        status: 400,
        body: { error: 'invalid_client_metadata' },
      });
      expect((await registerFrom(a, { redirect_uris: Array.from({ length: 10 }, (_, i) => `https://app.example/cb${i}`) })).status).toBe(201);
    });

    it('limits registrations per client address (429 + Retry-After); other addresses are not affected', async () => {
      const a = newAddress();
      for (let i = 0; i < 30; i++) expect((await registerFrom(a, { redirect_uris: ['https://app.example/cb'] })).status).toBe(201);
      const over = await registerFrom(a, { redirect_uris: ['https://app.example/cb'] });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await registerFrom(newAddress(), { redirect_uris: ['https://app.example/cb'] })).status).toBe(201);
    });

    it('stores redirect URIs canonicalised, and still matches the form the client sent', async () => {
      const user = await userWithPassword(t);
      const sent = 'HTTPS://App.Example:443/a/../cb?x=1';
      const reg = await registerFrom(newAddress(), { redirect_uris: [sent, 'http://LOCALHOST:8080/cb'] });
      expect(reg.status).toBe(201);
      expect(reg.body.redirect_uris).toEqual(['https://app.example/cb?x=1', 'http://localhost:8080/cb']);
      const [{ redirect_uris }] = await t.ds.query(`SELECT redirect_uris FROM oauth_clients WHERE id = $1`, [reg.body.client_id]);
      expect(redirect_uris).toEqual(['https://app.example/cb?x=1', 'http://localhost:8080/cb']);
      const { verifier, challenge } = pkce();
      const q = { response_type: 'code', client_id: reg.body.client_id, redirect_uri: sent, code_challenge: challenge, code_challenge_method: 'S256' };
      const a = await signInFrom(newAddress(), q, user);
      expect(a.status).toBe(302);
      expect(a.location!.startsWith('https://app.example/cb?x=1&code=')).toBe(true);
      const code = new URL(a.location!).searchParams.get('code')!;
      const tok = await token(t, { grant_type: 'authorization_code', code, redirect_uri: sent, client_id: reg.body.client_id, code_verifier: verifier });
      expect(tok.status).toBe(200);
    });

    it('refuses loopback and IP hosts not written canonically', async () => {
      const a = newAddress();
      for (const uri of ['http://0x7f000001/cb', 'http://127.1/cb', 'http://2130706433/cb', 'http://0177.0.0.1/cb', 'https://0x7f000001/cb', 'http://[0:0:0:0:0:0:0:1]/cb']) {
        const r = await registerFrom(a, { redirect_uris: [uri] });
        expect([uri, r.status, r.body.error]).toEqual([uri, 400, 'invalid_redirect_uri']);
      }
    });

    it('deletes dynamic clients never used after OAUTH_UNUSED_CLIENT_TTL_HOURS; used and operator clients stay', async () => {
      const user = await userWithPassword(t);
      const unused = (await registerFrom(newAddress(), { redirect_uris: ['https://app.example/cb'] })).body.client_id;
      const used = (await registerFrom(newAddress(), { redirect_uris: ['https://app.example/cb'] })).body.client_id;
      const operator = await adminClient(t, ['https://app.example/cb']);
      const q = { response_type: 'code', redirect_uri: 'https://app.example/cb', code_challenge: pkce().challenge, code_challenge_method: 'S256' };
      expect((await signInFrom(newAddress(), { ...q, client_id: used }, user)).status).toBe(302);
      await t.ds.query(`UPDATE oauth_clients SET created_at = now() - interval '25 hours' WHERE id = ANY($1)`, [[unused, used, operator]]);
      expect((await registerFrom(newAddress(), { redirect_uris: ['https://app.example/cb'] })).status).toBe(201);
      const left = await t.ds.query(`SELECT id FROM oauth_clients WHERE id = ANY($1)`, [[unused, used, operator]]);
      expect(left.map((r: any) => r.id).sort()).toEqual([used, operator].sort());
    });
  });

  describe('17. no open redirector', () => {
    it('errors before consent show a page for a self-registered client; the consent page names the redirect host and marks it unverified', async () => {
      const redirect = 'https://attacker.example/land';
      const { body: client } = await register(t, [redirect]);
      const base = { client_id: client.client_id, redirect_uri: redirect, code_challenge: pkce().challenge, code_challenge_method: 'S256', state: 's' };
      for (const q of [
        { ...base, response_type: 'token' },
        { ...base, response_type: 'code', code_challenge: '' },
        { ...base, response_type: 'code', scope: 'nope' },
      ]) {
        const r = await fetch(`${t.baseUrl}/oauth/authorize?${form(q)}`, { redirect: 'manual' });
        expect([r.status, r.headers.get('location')]).toEqual([400, null]);
        expect(await r.text()).toContain('invalid request');
      }
      const page = await (await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...base, response_type: 'code' })}`)).text();
      expect(page).toContain('Unverified application');
      expect(page).toMatch(/sent to <strong>attacker\.example<\/strong>/);
      const operator = await adminClient(t, [redirect]);
      const opPage = await (await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...base, client_id: operator, response_type: 'code' })}`)).text();
      expect(opPage).not.toContain('Unverified application');
      expect(opPage).toContain('attacker.example');
    });
  });

  describe('18. sign-in throttling and enumeration', () => {
    it('password spraying from one address: 20 failures, then 429 with Retry-After for any email', async () => {
      const q = await flowFor();
      const a = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await signInFrom(a, q, { email: `nobody-${i}-${a}@test.dev`, password: 'guess' })).status);
      expect(statuses).toEqual([...Array(20).fill(401), ...Array(10).fill(429)]);
      const last = await signInFrom(a, q, { email: 'another@test.dev', password: 'guess' });
      expect(last.status).toBe(429);
      expect(Number(last.retryAfter)).toBeGreaterThan(0);
      expect(last.html).toContain('Too many failed sign-ins');
    });

    it('wrong passwords from an attacker do not lock the real user out: the attacker is throttled, the user signs in from their address', async () => {
      const user = await userWithPassword(t);
      const q = await flowFor();
      const attacker = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await signInFrom(attacker, q, { email: user.email, password: `wrong ${i}` })).status);
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(5).fill(429)]);
      // the attacker is blocked even with the right password; the user is not
      expect((await signInFrom(attacker, q, user)).status).toBe(429);
      expect((await signInFrom(newAddress(), q, user)).status).toBe(302);
    });

    it('back-off: a bucket that fills again right after its block is blocked twice as long', async () => {
      const user = await userWithPassword(t);
      const q = await flowFor();
      const a = newAddress();
      const key = `account:${a}|${user.email}`;
      for (let i = 0; i < 5; i++) await signInFrom(a, q, { email: user.email, password: 'wrong' });
      const first = Number((await signInFrom(a, q, { email: user.email, password: 'wrong' })).retryAfter);
      expect(first).toBeGreaterThan(14 * 60);
      expect(first).toBeLessThanOrEqual(15 * 60);
      // the block ends (moved into the past), the guessing goes on
      await t.ds.query(`UPDATE oauth_sign_in_failures SET window_ends = now() - interval '1 second' WHERE key = $1`, [key]);
      for (let i = 0; i < 5; i++) expect((await signInFrom(a, q, { email: user.email, password: 'wrong' })).status).toBe(401);
      const second = Number((await signInFrom(a, q, { email: user.email, password: 'wrong' })).retryAfter);
      expect(second).toBeGreaterThan(29 * 60);
      expect(second).toBeLessThanOrEqual(30 * 60);
    });

    it('a full global bucket (a botnet) answers 429 from every address for a short while', async () => {
      const q = await flowFor();
      await t.ds.query(
        `INSERT INTO oauth_sign_in_failures (key, failures, strikes, max_failures, window_secs, window_ends) VALUES ('global', 1000, 1, 1000, 60, now() + interval '60 seconds')
         ON CONFLICT (key) DO UPDATE SET failures = 1000, max_failures = 1000, window_ends = now() + interval '60 seconds'`,
      );
      try {
        const r = await signInFrom(newAddress(), q, { email: 'anyone@test.dev', password: 'x' });
        expect(r.status).toBe(429);
        expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
      } finally {
        await t.ds.query(`DELETE FROM oauth_sign_in_failures WHERE key = 'global'`);
      }
    });

    it('the throttle is shared by every instance on the database (no per-process state to flood away)', async () => {
      const other = await startOAuthApp({ TRUST_PROXY: 'true' });
      try {
        const q = await flowFor();
        const a = newAddress();
        for (let i = 0; i < 20; i++) expect((await signInFrom(a, q, { email: `spray-${i}-${a}@test.dev`, password: 'x' })).status).toBe(401);
        const page = await fetch(`${other.baseUrl}/oauth/authorize?${form(q)}`, { headers: { 'x-forwarded-for': a } });
        const res = await fetch(`${other.baseUrl}/oauth/authorize`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.headers.get('set-cookie')!.split(';')[0], 'x-forwarded-for': a },
          body: form({ ...hiddenFields(await page.text()), email: 'spray-last@test.dev', password: 'x', decision: 'approve' }),
        });
        expect(res.status).toBe(429);
      } finally {
        await other.close();
      }
    });

    it('an unknown email costs a password verification like a known one (no timing enumeration)', async () => {
      const user = await userWithPassword(t);
      const q = await flowFor();
      const known: number[] = [];
      const unknown: number[] = [];
      // interleaved, each from a fresh address so no throttle answers early
      for (let i = 0; i < 7; i++) {
        known.push((await signInFrom(newAddress(), q, { email: user.email, password: 'wrong password' })).ms);
        unknown.push((await signInFrom(newAddress(), q, { email: `ghost-${i}@test.dev`, password: 'wrong password' })).ms);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // before the fix: ~3 ms against ~34 ms (one scrypt); now both run one scrypt
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });
  });

  describe('19. revoking grants', () => {
    it('user:set-password revokes every grant of the user (access and refresh tokens)', async () => {
      const user = await userWithPassword(t);
      const { client, tokens } = await connect(t, user);
      expect((await mcp(tokens.access_token)).status).toBe(200);
      const r = await runCliWithStdin('a completely new password\n', 'user:set-password', '--user', user.userId, '--json');
      expect(r.code).toBe(0);
      await afterTokenCache();
      expect((await mcp(tokens.access_token)).status).toBe(401);
      expect((await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id })).body.error).toBe('invalid_grant');
    });

    it('oauth:revoke --user and --client revoke every grant and say how many', async () => {
      const user = await userWithPassword(t);
      const other = await userWithPassword(t);
      const g1 = await connect(t, user);
      const g2 = await connect(t, user);
      const g3 = await connect(t, other);
      const r = await cli('oauth:revoke', '--user', user.userId, '--json');
      expect([r.code, JSON.parse(r.out)]).toEqual([0, { user_id: user.userId, revoked: 2 }]);
      await afterTokenCache();
      expect((await mcp(g1.tokens.access_token)).status).toBe(401);
      expect((await mcp(g2.tokens.access_token)).status).toBe(401);
      expect((await mcp(g3.tokens.access_token)).status).toBe(200);
      const c = await cli('oauth:revoke', '--client', g3.client.client_id, '--json');
      expect([c.code, JSON.parse(c.out)]).toEqual([0, { client_id: g3.client.client_id, revoked: 1 }]);
      await afterTokenCache();
      expect((await mcp(g3.tokens.access_token)).status).toBe(401);
      expect((await token(t, { grant_type: 'refresh_token', refresh_token: g3.tokens.refresh_token, client_id: g3.client.client_id })).body.error).toBe('invalid_grant');
      const both = await cli('oauth:revoke', '--user', user.userId, '--client', g3.client.client_id, '--json');
      expect(both.code).not.toBe(0);
      expect(both.err).toMatch(/exactly one/);
    });

    it('a grant ends OAUTH_GRANT_MAX_DAYS after it began, however often it was refreshed', async () => {
      const user = await userWithPassword(t);
      const { client, tokens } = await connect(t, user);
      const r1 = await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
      expect(r1.status).toBe(200);
      await t.ds.query(`UPDATE oauth_refresh_tokens SET family_started_at = now() - interval '91 days' WHERE client_id = $1`, [client.client_id]);
      const r2 = await token(t, { grant_type: 'refresh_token', refresh_token: r1.body.refresh_token, client_id: client.client_id });
      expect([r2.status, r2.body.error]).toEqual([400, 'invalid_grant']);
    });
  });

  describe('20. grants are bound to their resource', () => {
    it('a code or refresh token issued at one PUBLIC_URL is refused at another', async () => {
      const other = await startOAuthApp();
      try {
        const user = await userWithPassword(t);
        const { client, tokens } = await connect(t, user);
        const refresh = await token(other, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
        expect([refresh.status, refresh.body.error]).toEqual([400, 'invalid_grant']);
        // the code exchange too
        const redirect = 'http://127.0.0.1:7777/callback';
        const { verifier, challenge } = pkce();
        const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
        const code = new URL((await signInFrom(newAddress(), q, user)).location!).searchParams.get('code')!;
        const exchange = await token(other, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier });
        expect([exchange.status, exchange.body.error]).toEqual([400, 'invalid_grant']);
      } finally {
        await other.close();
      }
    });
  });

  describe('21. roles bound what a user can grant', () => {
    const asRole = async (role: string) => {
      const user = await userWithPassword(t);
      await t.ds.query(`UPDATE users SET role = $1 WHERE id = $2`, [role, user.userId]);
      return user;
    };

    it('a member grants reads (not money) and writes on jobs and notes only; an admin all but tax rates and plans', async () => {
      const member = await connect(t, await asRole('member'), 'read:customers write:customers read:jobs write:jobs write:notes read:invoices write:tax_rates');
      expect(member.tokens.scope).toBe('read:customers read:jobs write:jobs write:notes');
      const admin = await connect(t, await asRole('admin'), 'read:customers write:customers write:invoices write:tax_rates write:plans');
      expect(admin.tokens.scope).toBe('read:customers write:customers write:invoices');
      const owner = await connect(t, await userWithPassword(t), 'write:tax_rates write:plans');
      expect(owner.tokens.scope).toBe('write:tax_rates write:plans');
    });

    it('a member asking only for what their role cannot grant gets a refusal page, no code', async () => {
      const member = await asRole('member');
      const q = await flowFor();
      const r = await signInFrom(newAddress(), { ...q, scope: 'write:invoices' }, member);
      expect([r.status, r.location]).toEqual([403, null]);
      expect(r.html).toContain('Your role (member) cannot grant');
    });

    it('a refresh after a demotion keeps only what the new role may grant', async () => {
      const user = await userWithPassword(t);
      const { client, tokens } = await connect(t, user, 'read:jobs write:customers');
      await t.ds.query(`UPDATE users SET role = 'member' WHERE id = $1`, [user.userId]);
      const r = await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
      expect([r.status, r.body.scope]).toEqual([200, 'read:jobs']);
    });
  });

  describe('22. private signing keys are encrypted at rest', () => {
    it('the running server keeps no private key in clear', async () => {
      await fetch(`${t.baseUrl}/oauth/jwks`);
      const rows = await t.ds.query(`SELECT kid, private_jwk, private_key_enc FROM oauth_signing_keys`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.private_jwk).toBeNull();
        expect(r.private_key_enc).toMatch(/^v1\./);
      }
    });

    it('a fresh install makes a 0600 key file; keys stored in clear by an older version are encrypted at the next start', async () => {
      const db = `zoop_keys_${Date.now()}`;
      await t.ds.query(`CREATE DATABASE ${db}`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${db}`;
      const dir = mkdtempSync(join(tmpdir(), 'zoop-keys-'));
      const saved = { DATABASE_URL: process.env.DATABASE_URL, ZOOP_DATA_DIR: process.env.ZOOP_DATA_DIR, SIGNING_KEY_SECRET: process.env.SIGNING_KEY_SECRET };
      Object.assign(process.env, { DATABASE_URL: url.href, ZOOP_DATA_DIR: dir });
      delete process.env.SIGNING_KEY_SECRET;
      const ds = await new DataSource({ type: 'postgres', url: url.href }).initialize();
      try {
        expect((await cli('migrate', '--json')).code).toBe(0);
        // a key as the previous version stored it: the private JWK in clear
        const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
        const legacy = { ...(await exportJWK(privateKey)), kid: 'legacy', alg: 'ES256' };
        await ds.query(`INSERT INTO oauth_signing_keys (kid, alg, public_jwk, private_jwk) VALUES ('legacy', 'ES256', $1, $2)`, [
          { ...(await exportJWK(publicKey)), kid: 'legacy', alg: 'ES256', use: 'sig' },
          legacy,
        ]);
        const r = await cli('oauth:rotate-key', '--json');
        expect(r.code).toBe(0);
        const file = join(dir, 'oauth-signing.key');
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const rows = await ds.query(`SELECT kid, private_jwk, private_key_enc FROM oauth_signing_keys ORDER BY created_at`);
        expect(rows.map((x: any) => [x.kid, x.private_jwk])).toEqual([
          ['legacy', null],
          [JSON.parse(r.out).kid, null],
        ]);
        for (const x of rows) expect(x.private_key_enc).not.toContain(legacy.d);
      } finally {
        await ds.destroy();
        Object.assign(process.env, saved);
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        await t.ds.query(`DROP DATABASE ${db} WITH (FORCE)`);
        rmSync(dir, { recursive: true, force: true }); // the signing key file it made
      }
    });
  });

  describe('23. consent page headers', () => {
    it("CSP form-action 'self' (plus the redirect's origin, where the answer goes); a __Host- cookie on a loopback issuer", async () => {
      const q = await flowFor('https://app.example/cb');
      const page = await fetch(`${t.baseUrl}/oauth/authorize?${form(q)}`);
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://app.example");
      const cookie = page.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^__Host-zoop_oauth_csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict/);
      expect(cookie).not.toMatch(/Domain=/i);
    });
  });
});
