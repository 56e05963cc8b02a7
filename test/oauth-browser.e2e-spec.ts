import { createServer, Server } from 'node:http';
import { Browser } from 'playwright-core';
import { TestApp } from './support/app';
import { launchChromium } from './support/browser';
import { form, pkce, register, startOAuthApp, token, userWithPassword } from './support/oauth';

// The sign-in and consent page in a real headless Chromium (from the @sparticuz/chromium dev
// dependency, see support/browser.ts; playwright-core only drives it, it downloads no browser).

describe('the consent page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let callback: Server;
  let redirect: string;
  const hits: URL[] = [];

  beforeAll(async () => {
    t = await startOAuthApp();
    browser = await launchChromium();
    // the MCP client's loopback redirect listener
    callback = createServer((req, res) => {
      const u = new URL(req.url!, 'http://127.0.0.1');
      if (u.pathname === '/cb') hits.push(u); // not the browser's /favicon.ico
      res.end('<p>You can close this window.</p>');
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', () => r()));
    redirect = `http://127.0.0.1:${(callback.address() as any).port}/cb`;
  });
  // whatever did start is closed, even when the set-up failed half-way
  afterAll(async () => {
    await browser?.close();
    if (callback?.listening) await new Promise((r) => callback.close(r));
    await t?.close();
  });

  it('sign in, see the scopes in plain words, approve → the client gets a code that trades for a working token', async () => {
    const user = await userWithPassword(t);
    const { body: client } = await register(t, [redirect]);
    const { verifier, challenge } = pkce();
    const q = {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'browser-state',
      scope: 'read:jobs write:jobs',
    };
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}/oauth/authorize?${form(q)}`);
    expect(await page.textContent('h1')).toContain('Test MCP client');
    const items = await page.locator('li').allTextContents();
    expect(items.map((s) => s.replace(/\s*\(.*\)$/, ''))).toEqual(['See your jobs', 'Create, change and delete your jobs']);

    // a wrong password: the page again, with a message
    await page.fill('#email', user.email);
    await page.fill('#password', 'wrong password!');
    await page.click('button[value=approve]');
    await page.waitForSelector('.err');
    expect(await page.textContent('.err')).toContain('Wrong email or password');

    // Chromium keeps the Secure __Host- cookie on http://127.0.0.1 (a secure context), so the form works
    const cookies = await page.context().cookies(t.baseUrl);
    expect(cookies.map((c) => [c.name, c.secure, c.path])).toEqual([['__Host-zoop_oauth_csrf', true, '/']]);

    await page.fill('#password', user.password);
    // CSP form-action: the answer redirects to the client's origin, which the page's policy allows
    await Promise.all([page.waitForURL((u) => u.href.startsWith(redirect)), page.click('button[value=approve]')]);
    const hit = hits.at(-1)!;
    expect(hit.searchParams.get('state')).toBe('browser-state');
    const tok = await token(t, {
      grant_type: 'authorization_code',
      code: hit.searchParams.get('code')!,
      redirect_uri: redirect,
      client_id: client.client_id,
      code_verifier: verifier,
    });
    expect(tok.status).toBe(200);
    expect(tok.body.scope).toBe('read:jobs write:jobs');
    await page.close();
  });

  it('deny sends the browser back with access_denied', async () => {
    const { body: client } = await register(t, [redirect]);
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: pkce().challenge, code_challenge_method: 'S256', state: 'd' };
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}/oauth/authorize?${form(q)}`);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(redirect)), page.click('button[value=deny]')]);
    const hit = hits.at(-1)!;
    expect([hit.searchParams.get('error'), hit.searchParams.get('state'), hit.searchParams.get('code')]).toEqual(['access_denied', 'd', null]);
    await page.close();
  });

  it('the page refuses to be framed (clickjacking)', async () => {
    const { body: client } = await register(t, [redirect]);
    const q = { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: pkce().challenge, code_challenge_method: 'S256' };
    const page = await browser.newPage();
    // a page on another origin (the callback server) that frames the consent page
    await page.goto(redirect);
    // a control frame (the metadata document, which may be framed) shows the frames do load
    await page.setContent(
      `<iframe name="consent" src="${t.baseUrl}/oauth/authorize?${form(q)}"></iframe><iframe name="control" src="${t.baseUrl}/.well-known/oauth-authorization-server"></iframe>`,
    );
    await page.frame({ name: 'control' })!.waitForSelector('text=issuer');
    await page.waitForTimeout(300);
    expect(await page.frame({ name: 'consent' })!.$('#password')).toBeNull();
    await page.close();
  });
});
