import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { freePort, startDemoServer } from '../server/demo-server.ts';
import { launchChromium, signOut } from './browser.ts';
import { startOidcProvider, type TestPerson } from './oidc-provider.ts';

const CLIENT = { clientId: 'spacegate', clientSecret: 'the-client-secret-of-the-test-provider' };
const people: Record<string, TestPerson> = {};
let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let running: RunningSpacegate;
let browser: Browser;
let base: string;

before(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  provider = await startOidcProvider({ ...CLIENT, redirectUri: `${base}/sign-in/oidc/callback`, people });
  [running, browser] = await Promise.all([
    startDemoServer({
      port,
      sections: {
        server: { publicUrl: base },
        auth: {
          signIn: { perAddressPerMinute: 1000 },
          oidc: {
            issuer: provider.issuer,
            ...CLIENT,
            label: 'Sign in with Test IdP',
            scopes: ['openid', 'email', 'profile', 'groups'],
            groupRoles: [
              { group: 'spacegate-approvers', roles: ['approver', 'requester'] },
              { group: 'spacegate-admins', roles: ['administrator'] },
            ],
            allowInsecureHttp: true,
          },
        },
      },
    }),
    launchChromium(),
  ]);
  const approver = running.demoAccounts.find((a) => a.username === 'approver')?.identity ?? '';
  people.alice = {
    email: approver.toUpperCase(),
    name: 'Alice from the IdP',
    groups: ['spacegate-approvers', 'staff'],
  };
  people.stranger = { email: 'nobody@example.invalid', name: 'Stranger', groups: ['spacegate-admins'] };
  people.nogroups = { email: approver, name: 'No Groups', groups: ['staff'] };
});

after(async () => {
  await browser?.close();
  await running?.close();
  await provider?.close();
});

/** Starts sign-on from Spacegate's sign-in page and signs in at the provider's login form. */
async function signOnAs(page: Page, login: string): Promise<void> {
  await page.goto(`${base}/sign-in?next=/approvals`);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('anything');
  await page.locator('button[type=submit]').click();
  await page.waitForLoadState();
  if (page.url().startsWith(provider.issuer)) await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.href.startsWith(base));
}

describe('single sign-on through a real OpenID provider, in Chromium', () => {
  test('sign in: the email names the identity, the group gives the role, sign-out ends the session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signOnAs(page, 'alice');
    assert.equal(
      new URL(page.url()).pathname,
      '/approvals',
      (await page.locator('main').textContent()) ?? '',
    );
    const who = (await page.locator('header .who').textContent()) ?? '';
    assert.match(who, /Alice from the IdP/);
    assert.match(who, /approver, requester/);
    assert.doesNotMatch(who, /administrator/);
    const forbidden = await page.goto(`${base}/admin/accounts`);
    assert.equal(forbidden?.status(), 403);
    const session = (await context.cookies(base)).find((c) => c.name === 'sg_session');
    assert.ok(session !== undefined);
    await page.goto(`${base}/requests`);
    await signOut(page);
    await page.goto(`${base}/approvals`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    const replay = await fetch(`${base}/approvals`, {
      headers: { cookie: `sg_session=${session.value}`, accept: 'text/html' },
      redirect: 'manual',
    });
    assert.equal(replay.status, 303, 'a signed-out session cookie is refused');
    await context.close();
  });

  /** Starts sign-on as the link would, then sends the browser to the provider with one parameter changed. */
  async function tamperedSignOn(page: Page, parameter: string, value: string): Promise<void> {
    const started = await page.request.get(`${base}/sign-in/oidc?next=/approvals`, { maxRedirects: 0 });
    assert.equal(started.status(), 303);
    const authorize = new URL(started.headers().location ?? '');
    assert.ok(authorize.searchParams.get(parameter), `the authorization URL carries ${parameter}`);
    authorize.searchParams.set(parameter, value);
    await page.goto(authorize.href);
    await page.locator('input[name=login]').fill('alice');
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    if (page.url().startsWith(provider.issuer)) await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.href.startsWith(base));
  }

  for (const [parameter, check] of [
    ['state', /failed its checks.*state/i],
    ['nonce', /failed its checks.*nonce/i],
  ] as const) {
    test(`an answer whose ${parameter} is not the one Spacegate sent is refused with a page that says so`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await tamperedSignOn(page, parameter, `a-${parameter}-spacegate-never-sent`);
      assert.equal(new URL(page.url()).pathname, '/sign-in/oidc/callback');
      assert.match((await page.locator('#sso-error').textContent()) ?? '', check);
      assert.equal((await context.cookies(base)).filter((c) => c.name === 'sg_session').length, 0);
      await context.close();
    });
  }

  test('an email that names no identity is refused with a clear page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signOnAs(page, 'stranger');
    assert.match(
      (await page.locator('#sso-error').textContent()) ?? '',
      /No person in Spacegate has the email nobody@example\.invalid/,
    );
    assert.equal((await context.cookies(base)).filter((c) => c.name === 'sg_session').length, 0);
    await context.close();
  });

  test('a person whose groups give no role is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signOnAs(page, 'nogroups');
    assert.match(
      (await page.locator('#sso-error').textContent()) ?? '',
      /none of your groups gives a Spacegate role/,
    );
    await context.close();
  });

  test('local accounts still sign in beside single sign-on (break-glass)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('demo');
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    assert.match((await page.locator('header .who').textContent()) ?? '', /administrator/);
    await page.close();
  });
});
