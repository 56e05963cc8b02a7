import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { createApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/config';
import { OAuthService } from '../../src/oauth/oauth.service';
import { TestApp } from './app';

/** Starts the app on a known port so PUBLIC_URL (issuer, audience, metadata URLs) is the real address. */
export async function startOAuthApp(env: Record<string, string> = {}): Promise<TestApp> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as any).port;
      s.close(() => resolve(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false', PUBLIC_URL: base, ...env });
  const app = await createApp(config, { url: process.env.DATABASE_URL! }, { logger: ['error'] });
  await app.listen(port, '127.0.0.1');
  return new TestApp(app, base);
}

export const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** A tenant with an owner who has a password. */
export async function userWithPassword(t: TestApp, password = 'correct horse battery') {
  const tenant = await t.tenancy.createTenant({ name: `t-${randomUUID()}` });
  const user = await t.tenancy.createUser(tenant.id, { email: `${randomUUID()}@test.dev`, role: 'owner' });
  await t.app.get(OAuthService).setPassword(user.id, password);
  return { tenantId: tenant.id, userId: user.id, email: user.email, password };
}

/** A client registered by the operator (oauth:client:create), not by itself. */
export async function adminClient(t: TestApp, redirectUris: string[], name = 'Operator client'): Promise<string> {
  return (await t.app.get(OAuthService).createClient({ name, redirectUris, source: 'admin' })).client_id;
}

export const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

/** Reads the hidden fields of the consent page. */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unesc = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[unesc(m[1])] = unesc(m[2]);
  return out;
}

export async function register(t: TestApp, redirectUris: string[], extra: Record<string, unknown> = {}) {
  const res = await fetch(`${t.baseUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Test MCP client', redirect_uris: redirectUris, token_endpoint_auth_method: 'none', ...extra }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** GET the consent page, then POST sign-in + decision; returns the redirect Location. */
export async function authorize(
  t: TestApp,
  q: Record<string, string>,
  user: { email: string; password: string },
  decision: 'approve' | 'deny' = 'approve',
): Promise<{ status: number; location: string | null; html?: string }> {
  const page = await fetch(`${t.baseUrl}/oauth/authorize?${form(q)}`, { redirect: 'manual' });
  if (page.status !== 200) return { status: page.status, location: page.headers.get('location'), html: await page.text() };
  const html = await page.text();
  const cookie = page.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${t.baseUrl}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form({ ...hiddenFields(html), email: user.email, password: user.password, decision }),
  });
  return { status: res.status, location: res.headers.get('location'), html: res.status === 302 ? undefined : await res.text() };
}

export async function token(t: TestApp, body: Record<string, string>) {
  const res = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Registers a client and runs the flow to a token response. */
export async function connect(t: TestApp, user: { email: string; password: string }, scope?: string) {
  const redirect = 'http://127.0.0.1:7777/callback';
  const { body: client } = await register(t, [redirect]);
  const { verifier, challenge } = pkce();
  const q: Record<string, string> = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirect,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st-1',
    resource: `${t.baseUrl}/api/mcp`,
    ...(scope ? { scope } : {}),
  };
  const a = await authorize(t, q, user);
  const code = new URL(a.location!).searchParams.get('code')!;
  const tok = await token(t, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier });
  return { client, redirect, tokens: tok.body };
}
