import { runCli as cli } from './support/cli';
import { worldEntities } from './support/world';

async function json(...argv: string[]) {
  const r = await cli(...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.out);
}

describe('admin CLI (contract §2)', () => {
  it('tenant:create, user:create, key:issue, key:list and key:revoke print exactly the contract JSON', async () => {
    const tenant = await json('tenant:create', '--name', 'Acme Lawn');
    expect(Object.keys(tenant).sort()).toEqual(['created_at', 'id', 'name']);
    expect(tenant.name).toBe('Acme Lawn');

    const user = await json('user:create', '--tenant', tenant.id, '--email', 'Owner@Acme.example', '--name', 'Olive', '--role', 'owner');
    expect(user).toEqual({ id: user.id, tenant_id: tenant.id, email: 'owner@acme.example', name: 'Olive', role: 'owner' });
    const member = await json('user:create', '--tenant', tenant.id, '--email', 'm@acme.example');
    expect(member.role).toBe('member');

    const uk = await json('key:issue', '--tenant', tenant.id, '--user', user.id, '--scopes', 'read:customers,write:customers', '--name', 'agent');
    expect(Object.keys(uk).sort()).toEqual(['expires_at', 'id', 'prefix', 'scopes', 'token', 'user_id']);
    expect(uk.token.startsWith('zoop_uk_')).toBe(true);
    expect(uk.prefix).toBe('zoop_uk_');
    expect(uk).toMatchObject({ scopes: ['read:customers', 'write:customers'], user_id: user.id, expires_at: null });

    const tk = await json('key:issue', '--tenant', tenant.id, '--scopes', 'all', '--expires-in-days', '30');
    expect(tk.token.startsWith('zoop_tk_')).toBe(true);
    // `all` is every scope: read and write of every entity
    expect([...tk.scopes].sort()).toEqual(
      worldEntities()
        .flatMap((e) => [`read:${e}`, `write:${e}`])
        .sort(),
    );
    expect(tk.user_id).toBeNull();
    expect(new Date(tk.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const list = await json('key:list', '--tenant', tenant.id);
    expect(Object.keys(list)).toEqual(['data']);
    expect(list.data).toHaveLength(2);
    expect(Object.keys(list.data[0]).sort()).toEqual(['expires_at', 'id', 'last_used_at', 'name', 'prefix', 'revoked_at', 'scopes', 'user_id']);
    expect(JSON.stringify(list)).not.toContain(uk.token);

    const revoked = await json('key:revoke', '--id', uk.id);
    expect(Object.keys(revoked).sort()).toEqual(['id', 'revoked_at']);
    expect((await json('key:list', '--tenant', tenant.id)).data.find((k: any) => k.id === uk.id).revoked_at).toBe(revoked.revoked_at);
  });

  it('a key issued with --scopes all is stored as all (it keeps meaning every scope, later entities too) and key:list shows all', async () => {
    const tenant = await json('tenant:create', '--name', 'All Co');
    const all = await json('key:issue', '--tenant', tenant.id, '--scopes', 'all');
    const listed = await json('key:issue', '--tenant', tenant.id, '--scopes', all.scopes.join(','));
    // key:issue shows what the key grants now; both grant the same today
    expect(listed.scopes).toEqual(all.scopes);
    const list = await json('key:list', '--tenant', tenant.id);
    expect(list.data.find((k: any) => k.id === all.id).scopes).toEqual(['all']);
    expect(list.data.find((k: any) => k.id === listed.id).scopes).toEqual(all.scopes);
    const table = await cli('key:list', '--tenant', tenant.id);
    expect(table.out.split('\n').find((l) => l.startsWith(all.id))).toMatch(/\sall\s/);
    // scope names are checked against the scopes the tools define
    const bad = await cli('key:issue', '--tenant', tenant.id, '--scopes', 'read:gadgets');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/unknown scope: read:gadgets/);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli('tenant:create', '--name', 'Table Co');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^id\s+name\s+created_at\n-+/);
    expect(r.out).toContain('Table Co');
  });

  describe('fails clearly, with a non-zero exit and nothing on stdout', () => {
    let tenant: any;
    let other: any;
    let stranger: any;
    beforeAll(async () => {
      tenant = await json('tenant:create', '--name', 'One');
      other = await json('tenant:create', '--name', 'Two');
      stranger = await json('user:create', '--tenant', other.id, '--email', 's@two.example');
    });

    it.each([
      ['an unknown command', ['tenant:explode'], /unknown command/],
      ['a missing required option', ['tenant:create'], /--name is required/],
      ['an unknown option', ['tenant:create', '--name', 'x', '--colour', 'red'], /Unknown option/i],
      ['an unknown tenant', ['user:create', '--tenant', '00000000-0000-4000-8000-000000000000', '--email', 'a@b.example'], /No tenant/],
      ['a tenant id that is not a uuid', ['key:list', '--tenant', 'acme'], /No tenant/],
      ['a bad email', () => ['user:create', '--tenant', tenant.id, '--email', 'nope'], /email/],
      ['a bad role', () => ['user:create', '--tenant', tenant.id, '--email', 'r@one.example', '--role', 'king'], /role/],
      ['a user of another tenant', () => ['key:issue', '--tenant', tenant.id, '--user', stranger.id, '--scopes', 'all'], /no user/],
      ['an unknown scope', () => ['key:issue', '--tenant', tenant.id, '--scopes', 'read:customers,read:everything'], /unknown scope: read:everything/],
      ['bad expiry', () => ['key:issue', '--tenant', tenant.id, '--scopes', 'all', '--expires-in-days', 'soon'], /expires-in-days/],
      ['revoking an unknown key', ['key:revoke', '--id', '00000000-0000-4000-8000-000000000000'], /No API key/],
    ])('%s', async (_label, args, message) => {
      const argv = typeof args === 'function' ? args() : args;
      const r = await cli(...argv, '--json');
      expect(r.code).not.toBe(0);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    });

    it('a duplicate email in one tenant', async () => {
      await json('user:create', '--tenant', tenant.id, '--email', 'dup@one.example');
      const r = await cli('user:create', '--tenant', tenant.id, '--email', 'DUP@one.example', '--json');
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/already/);
      // the same email in another tenant is fine
      await json('user:create', '--tenant', other.id, '--email', 'dup@one.example');
    });
  });
});
