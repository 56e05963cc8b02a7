import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth, OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { TestApp } from './support/app';
import { form, hiddenFields, startOAuthApp, userWithPassword } from './support/oauth';

/** An MCP client's OAuth state; the "browser" step signs in and approves on the real consent page. */
class TestProvider implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  code?: string;
  authorizationUrl?: URL;
  constructor(private readonly user: { email: string; password: string }) {}
  get redirectUrl() {
    return 'http://127.0.0.1:53682/callback';
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK test client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    return 'sdk-state';
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(i: OAuthClientInformationMixed) {
    this.info = i;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(t: OAuthTokens) {
    this.saved = t;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
    const page = await fetch(url, { redirect: 'manual' });
    if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    const res = await fetch(new URL('/oauth/authorize', url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: form({ ...hiddenFields(await page.text()), email: this.user.email, password: this.user.password, decision: 'approve' }),
    });
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('sdk-state');
    this.code = back.searchParams.get('code')!;
  }
}

describe('the official MCP SDK client drives the OAuth flow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startOAuthApp();
  });
  afterAll(() => t.close());

  it('discovery, dynamic registration, PKCE, token, tool calls and refresh', async () => {
    const user = await userWithPassword(t);
    const provider = new TestProvider(user);
    const url = new URL(`${t.baseUrl}/api/mcp`);

    const first = new Client({ name: 'sdk-test', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.info?.client_id).toBeTruthy();
    expect(provider.authorizationUrl!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(provider.authorizationUrl!.searchParams.get('resource')).toBe(url.href);

    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await transport.finishAuth(provider.code!);
    expect(provider.saved?.access_token).toBeTruthy();

    const client = new Client({ name: 'sdk-test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name)).toContain('customers.create');
    const created = await client.callTool({ name: 'customers.create', arguments: { display_name: 'From the SDK' } });
    expect((created.structuredContent as any).display_name).toBe('From the SDK');
    await client.close();

    // refresh: the SDK trades its refresh token for a new pair
    const before = provider.saved!;
    expect(await auth(provider, { serverUrl: url })).toBe('AUTHORIZED');
    expect(provider.saved!.refresh_token).not.toBe(before.refresh_token);
    expect(provider.saved!.access_token).not.toBe(before.access_token);
    const again = new Client({ name: 'sdk-test', version: '1.0.0' });
    await again.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    expect((await again.listTools()).tools.length).toBeGreaterThan(0);
    await again.close();
  });
});
