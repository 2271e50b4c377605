import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { launchChromium, signIn, signOut, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;
let space: { id: string; key: string; name: string };

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  space = await spaceRequesterLacks(running);
});

after(async () => {
  await browser?.close();
  await running?.close();
});

async function expectLabelled(page: Page): Promise<void> {
  assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls on ${page.url()}`);
}

describe('the whole loop in a browser: request, approve, fulfilled, visible in the emulator', () => {
  test('requester asks, approver approves, the request is fulfilled and the administrator sees the access', async () => {
    const page = await browser.newPage();
    const base = running.url;

    await page.goto(base);
    await page.waitForURL(/\/sign-in/);
    await expectLabelled(page);
    await signIn(page, base, 'requester', 'demo');
    await page.getByRole('heading', { name: /^Your open requests: \d+$/ }).waitFor();
    await page.getByRole('link', { name: 'Catalog', exact: true }).first().click();
    await page.waitForURL(/\/catalog/);
    await page.getByLabel('Search groups and spaces').fill(space.key);
    await page.getByLabel('Type').selectOption('space');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectLabelled(page);
    await page.getByRole('link', { name: `Request ${space.name} (${space.key})`, exact: true }).click();

    await page.getByRole('heading', { name: `Request ${space.name}` }).waitFor();
    await expectLabelled(page);
    await page.getByLabel('View', { exact: true }).check();
    await page.getByLabel('Justification').fill('I join the project that keeps its notes here.');
    await page.getByLabel('End date (optional)').fill('2031-03-31');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.waitForLoadState();
    assert.match(page.url(), /\/requests\/req_/, (await page.locator('main').textContent()) ?? '');
    assert.equal(await page.locator('#request-status').textContent(), 'Awaiting approval');
    const requestUrl = page.url().split('?')[0] ?? '';
    const requestId = requestUrl.split('/').pop() ?? '';
    await signOut(page);

    await signIn(page, base, 'approver', 'demo');
    await page.goto(`${base}/approvals`);
    await expectLabelled(page);
    const choose = page.getByRole('checkbox', { name: new RegExp(`\\(${requestId}\\)$`) });
    const entry = page.getByRole('row').filter({ has: choose });
    await entry.waitFor();
    const details = (await entry.textContent()) ?? '';
    assert.match(details, /nothing here|\(direct\)|\(group /);
    assert.match(details, new RegExp(space.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await choose.check();
    await page.getByLabel('Comment').fill('Fine for the project.');
    await page.getByRole('button', { name: 'Approve chosen' }).click();
    await page.getByText('Approved 1 request.').waitFor();
    await signOut(page);

    await signIn(page, base, 'requester', 'demo');
    let status = '';
    for (let i = 0; i < 60 && status !== 'Fulfilled'; i++) {
      await page.goto(requestUrl);
      status = (await page.locator('#request-status').textContent()) ?? '';
      if (status !== 'Fulfilled') await page.waitForTimeout(250);
    }
    assert.equal(status, 'Fulfilled');
    await page.goto(`${base}/requests`);
    await page.getByRole('cell', { name: 'Fulfilled' }).first().waitFor();
    await signOut(page);

    const state = running.runtime.emulator?.state;
    const requesterEmail = running.demoAccounts.find((a) => a.username === 'requester')?.identity;
    const account = state?.accountByEmailAddress(requesterEmail ?? '');
    const emulated = state?.spaceByKeyName(space.key);
    assert.ok(account && emulated);
    assert.ok(
      emulated.permissions.some(
        (p) =>
          p.principal.type === 'user' &&
          p.principal.id === account.accountId &&
          p.key === 'read' &&
          p.target === 'space',
      ),
      'the emulated site shows the View permission',
    );

    await signIn(page, base, 'admin', 'demo');
    await page.goto(`${base}/admin/audit?type=fulfillment.fulfilled`);
    await expectLabelled(page);
    await page.getByRole('cell', { name: `request:${requestId}` }).waitFor();
    const csvLink = await page.getByRole('link', { name: 'Export these events as CSV' }).getAttribute('href');
    assert.ok(csvLink?.includes('type=fulfillment.fulfilled'));
    await page.goto(`${base}/admin/accounts`);
    await page.getByLabel('Search by email, name or account id').fill(account.email);
    await page.getByLabel('Search by email, name or account id').press('Enter');
    await page.getByRole('link', { name: account.displayName }).click();
    await page.getByRole('table', { name: /Effective access/ }).waitFor();
    await page.goto(`${base}/admin/policy`);
    await page.getByRole('heading', { name: 'Approval workflows' }).waitFor();
    await page.close();
  });

  test('an administrator asks for a colleague, the approver approves, the colleague holds it in the emulator', async () => {
    const page = await browser.newPage();
    const base = running.url;
    const other = await spaceRequesterLacks(running, [space.key]);
    const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
    const colleague = await running.runtime.store.transaction((tx) => tx.identities.getByEmail(email));
    assert.ok(colleague);
    const name = `${colleague.firstName} ${colleague.lastName}`;

    await signIn(page, base, 'admin', 'demo');
    await page.goto(`${base}/catalog/item?id=${encodeURIComponent(other.id)}`);
    await page.getByLabel('Someone else').check();
    await page.getByLabel('Their name or email').fill(colleague.lastName);
    await page.getByLabel('Their name or email').press('Enter');
    await page.getByRole('link', { name: `Choose ${name} (${colleague.email})` }).click();
    await expectLabelled(page);
    assert.match((await page.locator('#for-whom').textContent()) ?? '', new RegExp(`For: ${name}`));
    assert.match(
      (await page.locator('#held').textContent()) ?? '',
      new RegExp(`^${name} (holds nothing|already holds)`),
    );
    await page.getByLabel('View', { exact: true }).check();
    await page.getByLabel('Justification').fill('Joins the project team.');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.locator('#request-for').waitFor();
    assert.match((await page.locator('#request-for').textContent()) ?? '', new RegExp(name));
    const requestUrl = page.url().split('?')[0] ?? '';
    const requestId = requestUrl.split('/').pop() ?? '';
    await signOut(page);

    await signIn(page, base, 'approver', 'demo');
    await page.goto(`${base}/approvals`);
    const choose = page.getByRole('checkbox', { name: new RegExp(`\\(${requestId}\\)$`) });
    const entry = page.getByRole('row').filter({ has: choose });
    assert.match((await entry.textContent()) ?? '', /asked by/);
    await choose.check();
    await page.getByRole('button', { name: 'Approve chosen' }).click();
    await page.getByText('Approved 1 request.').waitFor();
    await signOut(page);

    await signIn(page, base, 'requester', 'demo');
    let status = '';
    for (let i = 0; i < 60 && status !== 'Fulfilled'; i++) {
      if (i > 0) await page.waitForTimeout(250);
      await page.goto(requestUrl);
      status = (await page.locator('#request-status').textContent()) ?? '';
    }
    assert.equal(status, 'Fulfilled');
    const state = running.runtime.emulator?.state;
    const account = state?.accountByEmailAddress(email);
    assert.ok(
      state
        ?.spaceByKeyName(other.key)
        ?.permissions.some(
          (p) => p.principal.type === 'user' && p.principal.id === account?.accountId && p.key === 'read',
        ),
      'the colleague holds View on the emulated site',
    );
    await page.close();
  });

  test('the administrator runs an aggregation and watches it complete; the auditor may look but not start one', async () => {
    const page = await browser.newPage();
    const base = running.url;
    await signIn(page, base, 'admin', 'demo');
    await page.goto(`${base}/admin/aggregation`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement.id'), 'main');
    await page.getByRole('button', { name: 'Run an aggregation now' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Aggregation agg_\S+ started\./).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'by admin' });
    await row.filter({ hasText: 'completed' }).waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', /\d+ accounts \(\d+ matched, \d+ orphans\)/);
    await page.goto(`${base}/admin/orphans`);
    await expectLabelled(page);
    await page.getByRole('table', { name: /^Orphans \(\d+\)$/ }).waitFor();
    await signOut(page);

    await signIn(page, base, 'auditor', 'demo');
    await page.goto(`${base}/admin/aggregation`);
    assert.equal(await page.getByRole('button', { name: 'Run an aggregation now' }).count(), 0);
    const response = await page.goto(`${base}/approvals`);
    assert.equal(response?.status(), 403);
    await page.close();
  });
});
