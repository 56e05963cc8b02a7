import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { runCli as cli, runCliWithStdin } from './support/cli';
import { OAuthSigningKey } from '../src/oauth/oauth-signing-key.entity';
import { KeyEncryption } from '../src/crypto/key-encryption';
import { SignInService } from '../src/oauth/sign-in.service';
import { TestApp } from './support/app';
import { connect, startOAuthApp, userWithPassword } from './support/oauth';

describe('OAuth access tokens at /api/mcp', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp();
  });
  afterAll(() => t.close());

  const listTools = (token: string) => t.post({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, { authorization: `Bearer ${token}` });
  const expect401 = async (token: string) => {
    const r = await listTools(token);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe(`Bearer realm="zoop", resource_metadata="${t.baseUrl}/.well-known/oauth-protected-resource/api/mcp", error="invalid_token"`);
  };

  /** Signs claims with the issuer's current private key, as an attacker who had it could not, to vary one claim at a time. */
  async function forge(overrides: Record<string, unknown>, header: Record<string, unknown> = {}) {
    const row = (await t.ds.getRepository(OAuthSigningKey).find({ order: { createdAt: 'DESC' } })).find((k) => !k.retiredAt)!;
    const key = await importJWK(t.app.get(KeyEncryption).decrypt(row.kid, row.privateKeyEnc!), 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: t.baseUrl, aud: `${t.baseUrl}/api/mcp`, exp: now + 600, iat: now, jti: randomUUID(), ...overrides };
    return new SignJWT(claims as any).setProtectedHeader({ alg: 'ES256', kid: row.kid, typ: 'at+jwt', ...header }).sign(key);
  }

  it('a valid token is a user actor with exactly its scopes; the scope limits the tools', async () => {
    const user = await userWithPassword(t);
    const { tokens } = await connect(t, user, 'read:customers');
    expect(tokens.scope).toBe('read:customers');
    const r = await listTools(tokens.access_token);
    expect(r.body.result.tools.map((x: any) => x.name).sort()).toEqual(['customers.get', 'customers.search']);
    const denied = await t.post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'customers.create', arguments: { display_name: 'x' } } },
      { authorization: `Bearer ${tokens.access_token}` },
    );
    expect(denied.body.error.data.kind).toBe('insufficient_scope');
    // and it sees its own tenant only
    const c = await t.client(tokens.access_token).call('customers.search', {});
    expect(c.data).toEqual([]);
  });

  it('expired, foreign-audience, foreign-issuer, tampered, unknown-kid, unsigned and API-key-looking tokens are refused with 401', async () => {
    const user = await userWithPassword(t);
    const { tokens } = await connect(t, user);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
    const base = { sub: claims.sub, tenant_id: claims.tenant_id, scope: claims.scope, client_id: claims.client_id, sid: claims.sid };
    // a control: the forger makes acceptable tokens
    expect((await listTools(await forge(base))).status).toBe(200);

    await expect401(await forge({ ...base, exp: Math.floor(Date.now() / 1000) - 5 }));
    await expect401(await forge({ ...base, aud: 'https://other.example/api/mcp' }));
    await expect401(await forge({ ...base, iss: 'https://evil.example' }));
    await expect401(await forge(base, { kid: randomUUID() }));
    await expect401(await forge({ ...base, tenant_id: randomUUID() })); // the user is not in that tenant
    const [h, p, s] = tokens.access_token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...claims, scope: claims.scope + ' write:invoices' })).toString('base64url');
    await expect401(`${h}.${tampered}.${s}`);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    await expect401(`${none}.${p}.`);
    await expect401('zoop_uk_notakey');
  });

  it('oauth:rotate-key: new key in the JWKS, old tokens keep working, new tokens signed by the new key verify', async () => {
    const user = await userWithPassword(t);
    const { tokens } = await connect(t, user);
    const oldKid = JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString()).kid;
    const r = await cli('oauth:rotate-key', '--json');
    expect(r.code).toBe(0);
    const rotated = JSON.parse(r.out);
    expect(Object.keys(rotated).sort()).toEqual(['created_at', 'kid']);
    expect(rotated.kid).not.toBe(oldKid);

    expect((await listTools(tokens.access_token)).status).toBe(200);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
    const fresh = await forge({ sub: claims.sub, tenant_id: claims.tenant_id, scope: claims.scope, client_id: claims.client_id, sid: claims.sid });
    expect(JSON.parse(Buffer.from(fresh.split('.')[0], 'base64url').toString()).kid).toBe(rotated.kid);
    // another process rotated: on an unknown kid the server reloads its keys (at most once a second,
    // so random kids cannot hammer the database; the previous test just forced a reload)
    await new Promise((r) => setTimeout(r, 1100));
    expect((await listTools(fresh)).status).toBe(200);
    const jwks = (await (await fetch(`${t.baseUrl}/oauth/jwks`)).json()) as any;
    expect(jwks.keys.map((k: any) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
  });

  it('admin CLI: user:set-password reads stdin; oauth:client:create prints the contract JSON', async () => {
    const user = await userWithPassword(t);
    const short = await runCliWithStdin('short\n', 'user:set-password', '--user', user.userId, '--json');
    expect(short.code).not.toBe(0);
    expect(short.err).toMatch(/8 to 1024/);
    const res = await runCliWithStdin('a brand new password\n', 'user:set-password', '--user', user.userId, '--json');
    expect([res.code, JSON.parse(res.out)]).toEqual([0, { id: user.userId, password_set: true }]);
    expect(await t.app.get(SignInService).verify(user.email, user.password)).toBeNull();
    expect((await t.app.get(SignInService).verify(user.email.toUpperCase(), 'a brand new password'))?.id).toBe(user.userId);
    const stored = await t.ds.query(`SELECT hash FROM user_passwords WHERE user_id = $1`, [user.userId]);
    expect(stored[0].hash).toMatch(/^scrypt\$/);
    expect(stored[0].hash).not.toContain('a brand new password');

    const pub = await cli('oauth:client:create', '--name', 'Desk', '--redirect-uri', 'https://desk.example/cb', '--redirect-uri', 'http://127.0.0.1:8080/cb', '--json');
    expect(pub.code).toBe(0);
    const c = JSON.parse(pub.out);
    expect(c).toEqual({ client_id: c.client_id, redirect_uris: ['https://desk.example/cb', 'http://127.0.0.1:8080/cb'] });
    const conf = JSON.parse((await cli('oauth:client:create', '--name', 'Server', '--redirect-uri', 'https://s.example/cb', '--confidential', '--json')).out);
    expect(conf.client_secret).toMatch(/^zoop_cs_/);
    const bad = await cli('oauth:client:create', '--name', 'Bad', '--redirect-uri', 'http://evil.example/cb', '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/https/);
  });
});
