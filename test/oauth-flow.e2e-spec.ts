import { TestApp, ACCEPT } from './support/app';
import { adminClient, authorize, connect, form, hiddenFields, pkce, register, startOAuthApp, token, userWithPassword } from './support/oauth';

describe('OAuth 2.1 + PKCE: the whole flow through the HTTP endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp();
  });
  afterAll(() => t.close());

  const mcp = (accessToken: string | undefined, body: unknown = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }) =>
    t.post(body, accessToken ? { authorization: `Bearer ${accessToken}` } : {});

  it('discovery from a 401 → metadata → register → consent page → code → token → tools/list → refresh rotation → reuse revokes the family', async () => {
    const user = await userWithPassword(t);

    // 1. an unauthenticated call points at the protected-resource metadata
    const unauth = await mcp(undefined);
    expect(unauth.status).toBe(401);
    const challenge = unauth.headers.get('www-authenticate')!;
    const metaUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1];
    expect(metaUrl).toBe(`${t.baseUrl}/.well-known/oauth-protected-resource/api/mcp`);
    expect(challenge).toContain('realm="zoop"');

    // 2. RFC 9728 → RFC 8414
    const prm = (await (await fetch(metaUrl)).json()) as any;
    expect(prm.resource).toBe(`${t.baseUrl}/api/mcp`);
    expect(prm.scopes_supported).toContain('read:customers');
    const asMeta = (await (await fetch(`${prm.authorization_servers[0]}/.well-known/oauth-authorization-server`)).json()) as any;
    expect(asMeta.issuer).toBe(t.baseUrl);
    expect(asMeta.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(asMeta.jwks_uri)).json()) as any;
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();

    // 3. RFC 7591
    const redirect = 'http://127.0.0.1:4567/cb';
    const reg = await register(t, [redirect]);
    expect(reg.status).toBe(201);
    expect(reg.body.client_secret).toBeUndefined();

    // 4. the consent page
    const { verifier, challenge: codeChallenge } = pkce();
    const q = {
      response_type: 'code',
      client_id: reg.body.client_id,
      redirect_uri: redirect,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      state: 'xyz',
      scope: 'read:customers write:customers',
      resource: prm.resource,
    };
    const page = await fetch(`${asMeta.authorization_endpoint}?${form(q)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('Test MCP client');
    expect(html).toContain('See your customers');
    expect(html).toContain('Create, change and delete your customers');
    expect(html).not.toContain('tax rates');

    // 5. sign in + approve
    const a = await authorize(t, q, user);
    expect(a.status).toBe(302);
    const loc = new URL(a.location!);
    expect(loc.origin + loc.pathname).toBe(redirect);
    expect(loc.searchParams.get('state')).toBe('xyz');
    expect(loc.searchParams.get('iss')).toBe(t.baseUrl);
    const code = loc.searchParams.get('code')!;

    // 6. token
    const tok = await token(t, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: reg.body.client_id, code_verifier: verifier });
    expect(tok.status).toBe(200);
    expect(tok.body).toMatchObject({ token_type: 'Bearer', scope: 'read:customers write:customers' });
    const [, payload] = tok.body.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ iss: t.baseUrl, aud: `${t.baseUrl}/api/mcp`, sub: user.userId, tenant_id: user.tenantId, scope: 'read:customers write:customers' });
    expect(typeof claims.jti).toBe('string');
    expect(claims.exp - claims.iat).toBe(900);

    // 7. the MCP endpoint: only the granted scopes' tools, acting as the user in their tenant
    const list = await mcp(tok.body.access_token);
    expect(list.status).toBe(200);
    const names = list.body.result.tools.map((x: any) => x.name);
    expect(names).toContain('customers.create');
    expect(names.every((n: string) => n.startsWith('customers.'))).toBe(true);
    const created = await t.client(tok.body.access_token).call('customers.create', { display_name: 'Via OAuth' });
    expect(created.display_name).toBe('Via OAuth');

    // 8. refresh rotates
    const r1 = await token(t, { grant_type: 'refresh_token', refresh_token: tok.body.refresh_token, client_id: reg.body.client_id });
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).not.toBe(tok.body.refresh_token);
    expect((await mcp(r1.body.access_token)).status).toBe(200);

    // 9. reuse of the old refresh token revokes the whole family, access tokens included
    const reuse = await token(t, { grant_type: 'refresh_token', refresh_token: tok.body.refresh_token, client_id: reg.body.client_id });
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const r2 = await token(t, { grant_type: 'refresh_token', refresh_token: r1.body.refresh_token, client_id: reg.body.client_id });
    expect(r2).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const after = await mcp(r1.body.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('revocation (RFC 7009) of a refresh token ends its access tokens too', async () => {
    const user = await userWithPassword(t);
    const { client, tokens } = await connect(t, user);
    expect((await mcp(tokens.access_token)).status).toBe(200);
    const res = await fetch(`${t.baseUrl}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token: tokens.refresh_token, client_id: client.client_id }),
    });
    expect(res.status).toBe(200);
    expect((await mcp(tokens.access_token)).status).toBe(401);
    const r = await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
    expect(r.body.error).toBe('invalid_grant');
    // unknown tokens are fine too
    const again = await fetch(`${t.baseUrl}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token: 'nonsense', client_id: client.client_id }),
    });
    expect(again.status).toBe(200);
  });

  it('PKCE: a wrong verifier is refused, and the code cannot be retried', async () => {
    const user = await userWithPassword(t);
    const redirect = 'https://app.example/cb';
    const { body: client } = await register(t, [redirect]);
    const { verifier, challenge } = pkce();
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
    const code = new URL((await authorize(t, q, user)).location!).searchParams.get('code')!;
    const bad = await token(t, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: pkce().verifier });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const good = await token(t, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier });
    expect(good.body.error).toBe('invalid_grant');

    // no code_challenge at all: a self-registered client gets an error page, never a redirect (RFC 9700 §4.11.2)
    const { code_challenge, ...noPkce } = q;
    const page = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...noPkce, state: 's' })}`, { redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([400, null]);
    expect(await page.text()).toContain('PKCE is required');
    // an operator-registered client is sent back with invalid_request
    const admin = await adminClient(t, [redirect]);
    const r = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...noPkce, client_id: admin, state: 's' })}`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    const l = new URL(r.headers.get('location')!);
    expect([l.searchParams.get('error'), l.searchParams.get('state')]).toEqual(['invalid_request', 's']);
    // plain is not accepted
    const plain = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...q, client_id: admin, code_challenge_method: 'plain' })}`, { redirect: 'manual' });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('a code is one use: replaying it fails and revokes what the first exchange produced', async () => {
    const user = await userWithPassword(t);
    const redirect = 'http://localhost:9999/cb';
    const { body: client } = await register(t, [redirect]);
    const { verifier, challenge } = pkce();
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
    const code = new URL((await authorize(t, q, user)).location!).searchParams.get('code')!;
    const body = { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier };
    const first = await token(t, body);
    expect(first.status).toBe(200);
    const second = await token(t, body);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await mcp(first.body.access_token)).status).toBe(401);
  });

  it('a code is bound to its client and redirect_uri', async () => {
    const user = await userWithPassword(t);
    const redirect = 'https://app.example/cb';
    const { body: client } = await register(t, [redirect, 'https://app.example/other']);
    const { body: other } = await register(t, [redirect]);
    const { verifier, challenge } = pkce();
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
    const code1 = new URL((await authorize(t, q, user)).location!).searchParams.get('code')!;
    const wrongRedirect = await token(t, {
      grant_type: 'authorization_code',
      code: code1,
      redirect_uri: 'https://app.example/other',
      client_id: client.client_id,
      code_verifier: verifier,
    });
    expect(wrongRedirect.body.error).toBe('invalid_grant');
    const code2 = new URL((await authorize(t, q, user)).location!).searchParams.get('code')!;
    const wrongClient = await token(t, { grant_type: 'authorization_code', code: code2, redirect_uri: redirect, client_id: other.client_id, code_verifier: verifier });
    expect(wrongClient.body.error).toBe('invalid_grant');
  });

  it('never redirects to an unregistered redirect_uri, nor for an unknown client', async () => {
    const { body: client } = await register(t, ['https://app.example/cb']);
    const { challenge } = pkce();
    const base = { response_type: 'code', client_id: client.client_id, code_challenge: challenge, code_challenge_method: 'S256', state: 's' };
    for (const redirect_uri of ['https://evil.example/cb', 'https://app.example/cb/', 'https://app.example/cb?x=1', 'https://app.example/CB']) {
      const r = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...base, redirect_uri })}`, { redirect: 'manual' });
      expect([redirect_uri, r.status, r.headers.get('location')]).toEqual([redirect_uri, 400, null]);
    }
    const unknown = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...base, client_id: '00000000-0000-4000-8000-000000000000', redirect_uri: 'https://evil.example/cb' })}`, {
      redirect: 'manual',
    });
    expect([unknown.status, unknown.headers.get('location')]).toEqual([400, null]);
    // and the POST is checked the same way
    const post = await fetch(`${t.baseUrl}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...base, redirect_uri: 'https://evil.example/cb', decision: 'deny' }),
    });
    expect([post.status, post.headers.get('location')]).toEqual([400, null]);
  });

  it('registration refuses non-https, non-loopback redirect URIs', async () => {
    for (const uri of ['http://app.example/cb', 'javascript:alert(1)', 'https://app.example/cb#frag', 'not a url']) {
      const r = await register(t, [uri]);
      expect([uri, r.status, r.body.error]).toEqual([uri, 400, 'invalid_redirect_uri']);
    }
    expect((await register(t, [])).body.error).toBe('invalid_redirect_uri');
    expect((await register(t, ['http://[::1]:3000/cb'])).status).toBe(201);
  });

  it('denial redirects with access_denied and the state; a missing or foreign CSRF token is refused; a wrong password re-renders', async () => {
    const user = await userWithPassword(t);
    const redirect = 'https://app.example/cb';
    const { body: client } = await register(t, [redirect]);
    const { challenge } = pkce();
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256', state: 'keep-me' };
    const denied = await authorize(t, q, user, 'deny');
    const l = new URL(denied.location!);
    expect([l.searchParams.get('error'), l.searchParams.get('state'), l.searchParams.get('code')]).toEqual(['access_denied', 'keep-me', null]);

    const wrong = await authorize(t, q, { email: user.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Wrong email or password');

    // CSRF: the form fields without the cookie, or with another browser's cookie, or with a changed flow
    const page = await fetch(`${t.baseUrl}/oauth/authorize?${form(q)}`);
    const fields = hiddenFields(await page.text());
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(page.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const post = (headers: Record<string, string>, extra: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: form({ ...fields, email: user.email, password: user.password, decision: 'approve', ...extra }),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ cookie: '__Host-zoop_oauth_csrf=' + 'A'.repeat(43) })).status).toBe(403);
    expect((await post({ cookie }, { scope: 'read:invoices' })).status).toBe(403);
    expect((await post({ cookie }, { csrf_token: '' })).status).toBe(403);
    expect((await post({ cookie })).status).toBe(302);
  });

  it('unknown scopes and a foreign resource are refused back to an operator-registered client', async () => {
    const redirect = 'https://app.example/cb';
    const clientId = await adminClient(t, [redirect]);
    const { challenge } = pkce();
    const q = { response_type: 'code', client_id: clientId, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
    const s = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...q, scope: 'read:customers admin:everything' })}`, { redirect: 'manual' });
    expect(new URL(s.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    const r = await fetch(`${t.baseUrl}/oauth/authorize?${form({ ...q, resource: 'https://other.example/api/mcp' })}`, { redirect: 'manual' });
    expect(new URL(r.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('the token endpoint takes urlencoded bodies while /api/mcp still refuses them; foreign resource, unknown grant and unknown client are refused', async () => {
    const res = await fetch(`${t.baseUrl}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT, authorization: 'Bearer x' },
      body: 'a=b',
    });
    expect(res.status).not.toBe(200);
    const user = await userWithPassword(t);
    const redirect = 'https://app.example/cb';
    const { body: client } = await register(t, [redirect]);
    const { verifier, challenge } = pkce();
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256' };
    const code = new URL((await authorize(t, q, user)).location!).searchParams.get('code')!;
    const foreign = await token(t, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      client_id: client.client_id,
      code_verifier: verifier,
      resource: 'https://other.example/api/mcp',
    });
    expect([foreign.status, foreign.body.error]).toEqual([400, 'invalid_target']);
    const unsupported = await token(t, { grant_type: 'password', client_id: client.client_id });
    expect([unsupported.status, unsupported.body.error]).toEqual([400, 'unsupported_grant_type']);
    const bad = await token(t, { grant_type: 'password', client_id: 'nope' });
    expect([bad.status, bad.body.error]).toEqual([401, 'invalid_client']);
  });

  it('discovery, registration and token endpoints answer CORS for any origin (browser MCP clients); /api/mcp does not', async () => {
    const origin = 'http://localhost:6274';
    const pre = await fetch(`${t.baseUrl}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    const meta = await fetch(`${t.baseUrl}/.well-known/oauth-protected-resource/api/mcp`, { headers: { origin } });
    expect(meta.headers.get('access-control-allow-origin')).toBe(origin);
    const mcpPre = await fetch(`${t.baseUrl}/api/mcp`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(mcpPre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('codes and refresh tokens expired for over a day are purged at the next sign-in', async () => {
    const user = await userWithPassword(t);
    const { client, tokens } = await connect(t, user);
    await t.ds.query(`UPDATE oauth_refresh_tokens SET expires_at = now() - interval '2 days' WHERE client_id = $1`, [client.client_id]);
    await t.ds.query(`UPDATE oauth_authorization_codes SET expires_at = now() - interval '2 days' WHERE client_id = $1`, [client.client_id]);
    const expired = await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
    expect(expired.body.error).toBe('invalid_grant');
    await connect(t, user);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM oauth_refresh_tokens WHERE client_id = $1`, [client.client_id]);
    const [{ c }] = await t.ds.query(`SELECT count(*)::int AS c FROM oauth_authorization_codes WHERE client_id = $1`, [client.client_id]);
    expect([n, c]).toEqual([0, 0]);
  });
});
