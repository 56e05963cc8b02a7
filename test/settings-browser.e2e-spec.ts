import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { OAuthService } from '../src/oauth/oauth.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { TestApp } from './support/app';
import { launchChromium } from './support/browser';
import { startOAuthApp, userWithPassword } from './support/oauth';

// Settings → API & MCP in a real headless Chromium: what an owner does with a mouse and keyboard.
// a browser on a busy 2-core machine is slow to start pages: generous limits, nothing timed
jest.setTimeout(90_000);

describe('the settings page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startOAuthApp({ RATE_LIMIT_PER_MINUTE: '0' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(user: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/settings/api`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { context, page };
  }

  it('an owner signs in, creates a user key with two scopes, copies it; it works with exactly those scopes until revoked', async () => {
    const owner = await userWithPassword(t);
    const { context, page } = await signedIn(owner);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await expect(page.getByRole('heading', { level: 2, name: 'API keys' }).isVisible()).resolves.toBe(true);
    // every control has a label
    const unlabelled = await page.locator('input:not([type=hidden]), select').evaluateAll((els: any[]) => els.filter((e) => !e.labels?.length).map((e) => e.outerHTML));
    expect(unlabelled).toEqual([]);

    await page.getByLabel('Name').fill('Claude on my laptop');
    await page.getByRole('radio', { name: /Me \(/ }).check();
    await page.getByLabel('Read customers').check();
    await page.getByLabel('Write customers').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.waitForSelector('#token');
    expect(await page.textContent('h1')).toContain('Claude on my laptop');

    // copy with the button (the script un-hides it), read it back from the clipboard
    await page.getByRole('button', { name: 'Copy the key' }).click();
    await page.locator('#copy-status', { hasText: 'Copied' }).waitFor();
    const token = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    expect(token).toMatch(/^zoop_uk_/);
    expect(await page.inputValue('#token')).toBe(token);
    expect(await page.textContent('#snippet-claude')).toContain(token);

    const client = t.client(token);
    const tools: string[] = (await client.tools()).map((x: any) => x.name);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((n) => n.startsWith('customers.'))).toBe(true);
    const made = await client.call('customers.create', { display_name: 'Made from a settings key' });
    expect(made.id).toBeDefined();
    expect((await client.rpc('tools/call', { name: 'jobs.list', arguments: {} })).status).toBe(403);

    // back to the list: the key is there, shown by prefix and last 4; revoke it with a confirmation
    await page.getByRole('link', { name: /back to API keys/ }).click();
    const row = page.locator('section[aria-labelledby=keys] tr', { hasText: 'Claude on my laptop' });
    expect(await row.textContent()).toContain(`zoop_uk_…${token.slice(-4)}`);
    expect(await row.textContent()).toContain('read:customers, write:customers');
    await row.getByRole('link', { name: /Revoke/ }).click();
    expect(await page.textContent('h1')).toContain('Revoke the key “Claude on my laptop”?');
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.waitForSelector('.notice');
    expect(await page.locator('section[aria-labelledby=keys] tr', { hasText: 'Claude on my laptop' }).textContent()).toContain('Revoked');

    expect((await client.rpc('tools/call', { name: 'customers.search', arguments: {} })).status).toBe(401);
    await context.close();
  });

  it('an owner adds a webhook endpoint with the keyboard at 320 px, copies its secret once, then rotates and disables it', async () => {
    const owner = await userWithPassword(t);
    const { context, page } = await signedIn(owner);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${t.baseUrl}/settings/api#webhooks`);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByLabel('URL (https, a public address)').fill('https://hooks.example.com/browser');
    await page.getByLabel('jobs.status_changed').check();
    await page.getByLabel('Description (optional)').fill('Dispatch board');
    await page.getByLabel('Description (optional)').press('Enter'); // the form submits from the keyboard
    await page.waitForSelector('#secret');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByRole('button', { name: 'Copy the secret' }).click();
    await page.locator('#copy-status', { hasText: 'Copied' }).waitFor();
    const secret = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole('link', { name: /back to the endpoint/ }).click();
    await page.waitForSelector('#deliveries');
    expect(await page.textContent('main')).toContain('https://hooks.example.com/browser');
    expect(await page.content()).not.toContain(secret);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.waitForSelector('#secret');
    expect(await page.inputValue('#secret')).not.toBe(secret);
    expect(await page.textContent('.notice')).toContain('24 hours');
    await page.getByRole('link', { name: /back to the endpoint/ }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.waitForSelector('.notice');
    expect(await page.textContent('.notice')).toContain('disabled');
    const [endpoint] = await t.app.get(WebhooksService).list(owner.tenantId);
    expect(endpoint).toMatchObject({ url: 'https://hooks.example.com/browser', events: ['jobs.status_changed'], description: 'Dispatch board', disabled: true });
    await context.close();
  });

  it('a member is refused with "ask an owner"', async () => {
    const owner = await userWithPassword(t);
    const member = await t.tenancy.createUser(owner.tenantId, { email: `${randomUUID()}@test.dev`, role: 'member' });
    await t.app.get(OAuthService).setPassword(member.id, 'member password 1');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/settings/api`);
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill('member password 1');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/settings/api/sign-in')), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(answer.status()).toBe(403);
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('Ask an owner');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-zoop_settings');
    await context.close();
  });

  it('a tampered CSRF token is refused and creates nothing', async () => {
    const owner = await userWithPassword(t);
    const { context, page } = await signedIn(owner);
    await page.getByLabel('Name').fill('tampered');
    await page.getByLabel('All scopes').check();
    const csrf = page.locator('form[action="/settings/api/keys"] input[name=csrf_token]');
    await csrf.evaluate((input: any) => (input.value = input.value.slice(0, -2) + 'xx'));
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/settings/api/keys')), page.getByRole('button', { name: 'Create key' }).click()]);
    expect(answer.status()).toBe(403);
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('This form has expired');
    expect(await t.tenancy.listKeys(owner.tenantId)).toEqual([]);
    await context.close();
  });

  it('after signing out, the forms of a page still open reach no action', async () => {
    const owner = await userWithPassword(t);
    const { context, page } = await signedIn(owner);
    const stale = await context.newPage(); // a second tab, still showing the signed-in page
    await stale.goto(`${t.baseUrl}/settings/api`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('#email');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-zoop_settings');

    await stale.getByLabel('Name').fill('after sign-out');
    await stale.getByLabel('All scopes').check();
    const [answer] = await Promise.all([stale.waitForResponse((r) => r.url().endsWith('/settings/api/keys')), stale.getByRole('button', { name: 'Create key' }).click()]);
    expect(answer.status()).toBe(401);
    await stale.waitForSelector('#email');
    expect(await t.tenancy.listKeys(owner.tenantId)).toEqual([]);
    await context.close();
  });
});
