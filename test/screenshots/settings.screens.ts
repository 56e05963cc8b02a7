import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { OAuthService } from '../../src/oauth/oauth.service';
import { TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { authorize, pkce, register, startOAuthApp, token } from '../support/oauth';

// `npm run screenshots`: every page of Settings → API & MCP at 1280 and 375 px wide, into
// docs/screenshots/ (linked from the README). Not part of `npm test`: it asserts nothing.
const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');
const WIDTHS = [1280, 375];
jest.setTimeout(300_000);

describe('screenshots of the settings page', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    t = await startOAuthApp({ RATE_LIMIT_PER_MINUTE: '0' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function shoot(page: Page, name: string) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: join(OUT, `settings-${name}-${width}.png`), fullPage: true });
    }
  }

  it('writes the screenshots', async () => {
    // a small business with a few keys, one connected app and some audit history
    const tenant = await t.tenancy.createTenant({ name: 'Henderson Plumbing' });
    const owner = await t.tenancy.createUser(tenant.id, { email: 'olive@henderson.example', name: 'Olive', role: 'owner' });
    const tech = await t.tenancy.createUser(tenant.id, { email: 'sam@henderson.example', name: 'Sam', role: 'member' });
    const oauth = t.app.get(OAuthService);
    await oauth.setPassword(owner.id, 'correct horse battery');
    await oauth.setPassword(tech.id, 'member password 1');
    const operator = { kind: 'operator' as const };
    const agent = await t.tenancy.issueKey({
      tenantId: tenant.id,
      userId: owner.id,
      scopes: ['read:jobs', 'write:jobs', 'read:customers'],
      name: 'Dispatch agent',
      auditAs: operator,
    });
    await t.tenancy.issueKey({ tenantId: tenant.id, scopes: ['read:invoices'], name: 'Accounting export', expiresInDays: 90, auditAs: operator });
    const old = await t.tenancy.issueKey({ tenantId: tenant.id, userId: tech.id, scopes: ['read:jobs'], name: 'Old phone', auditAs: operator });
    await t.tenancy.revokeKey(old.id, { auditAs: operator });
    await t
      .client(agent.token)
      .call('customers.create', { display_name: 'Ada Henderson' })
      .catch(() => undefined);
    const job = await t.client(agent.token).call('jobs.create', { title: 'Replace kitchen faucet' });
    await t.client(agent.token).call('jobs.update', { id: job.id, description: 'Customer supplies the faucet' });
    const redirect = 'http://127.0.0.1:9/cb';
    const { body: client } = await register(t, [redirect], { client_name: 'Claude' });
    const { verifier, challenge } = pkce();
    const { location } = await authorize(
      t,
      { response_type: 'code', client_id: client.client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256', scope: 'read:jobs read:customers' },
      { email: 'olive@henderson.example', password: 'correct horse battery' },
    );
    await token(t, {
      grant_type: 'authorization_code',
      code: new URL(location!).searchParams.get('code')!,
      redirect_uri: redirect,
      client_id: client.client_id,
      code_verifier: verifier,
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/settings/api`);
    await shoot(page, 'sign-in');

    // a member: ask an owner
    await page.fill('#email', 'sam@henderson.example');
    await page.fill('#password', 'member password 1');
    await Promise.all([page.waitForURL(/sign-in/), page.click('button[type=submit]')]);
    await shoot(page, 'ask-an-owner');

    await page.goto(`${t.baseUrl}/settings/api`);
    await page.fill('#email', 'olive@henderson.example');
    await page.fill('#password', 'correct horse battery');
    await Promise.all([page.waitForURL(/\/settings\/api$/), page.click('button[type=submit]')]);
    await shoot(page, 'main');

    await page.fill('#key-name', 'Claude on my laptop');
    await page.check('#s-read-customers');
    await page.check('#s-write-customers');
    await Promise.all([page.waitForSelector('#token'), page.click('button:has-text("Create key")')]);
    await shoot(page, 'new-key');

    await page.goto(`${t.baseUrl}/settings/api`);
    await page.click('section[aria-labelledby=keys] tr:has-text("Dispatch agent") a:has-text("Revoke")');
    await shoot(page, 'revoke-confirm');

    // webhooks: an endpoint with a delivery, its secret page and its deliveries
    await page.goto(`${t.baseUrl}/settings/api#webhooks`);
    await page.fill('#webhook-url', 'https://dispatch.henderson.example/zoop-events');
    await page.check('input[name=event][value="jobs.created"]');
    await page.check('input[name=event][value="jobs.status_changed"]');
    await page.fill('#webhook-description', 'Dispatch board');
    await Promise.all([page.waitForSelector('#secret'), page.click('button:has-text("Add endpoint")')]);
    await shoot(page, 'webhook-secret');
    await t
      .client(agent.token)
      .call('jobs.create', { title: 'Fix the water heater' })
      .catch(() => undefined);
    await page.click('a:has-text("back to the endpoint")');
    await page.waitForSelector('#deliveries');
    await shoot(page, 'webhook-endpoint');
    await context.close();
  });
});
