import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { createClient } from '../server/http-client.ts';
import { launchChromium, signIn, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;
let space: { id: string; key: string; name: string };

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Approves a request as the demo approver, over the API. */
async function approve(requestId: string): Promise<void> {
  const approver = createClient(running.url);
  await approver.signIn('approver', 'demo');
  const decided = await approver.json(
    'POST',
    `/api/v1/requests/${requestId}/decision`,
    { decision: 'approve', comment: 'ok' },
    await approver.csrf(),
  );
  assert.equal(decided.status, 200, await decided.clone().text());
}

/** Waits until the request is fulfilled (or failed), read over the API as the requester. */
async function fulfilled(requestId: string): Promise<string> {
  const requester = createClient(running.url);
  await requester.signIn('requester', 'demo');
  return until(async () => {
    const body = (await (await requester.request(`/api/v1/requests/${requestId}`)).json()) as {
      status: string;
    };
    return body.status === 'fulfilled' || body.status === 'failed' ? body.status : undefined;
  }, `request ${requestId}`);
}

function heldInEmulator(): string[] {
  const state = running.runtime.emulator?.state;
  const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
  const accountId = state?.accountByEmailAddress(email)?.accountId;
  return (state?.spaceByKeyName(space.key)?.permissions ?? [])
    .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
    .map((p) => `${p.key}/${p.target}`)
    .sort();
}

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  space = await spaceRequesterLacks(running);
  const requester = createClient(running.url);
  await requester.signIn('requester', 'demo');
  const created = await requester.json(
    'POST',
    '/api/v1/requests',
    { itemId: space.id, permissions: ['view', 'add_comment'], justification: 'project' },
    await requester.csrf(),
  );
  const { id } = (await created.json()) as { id: string };
  await approve(id);
  assert.equal(await fulfilled(id), 'fulfilled');
});

after(async () => {
  await browser?.close();
  await running?.close();
});

describe('the revoke form in a browser', () => {
  test('from My access, a person removes one permission; the form says what View takes; the rest stays', async () => {
    const page = await browser.newPage();
    const base = running.url;
    await signIn(page, base, 'requester', 'demo');
    await page.getByRole('link', { name: 'My access' }).click();
    await page.getByRole('table', { name: /What you hold in Confluence/ }).waitFor();
    await page.getByRole('link', { name: `Remove ${space.name} (${space.key}): Add Comment` }).click();
    await page.getByRole('heading', { name: `Remove access: ${space.name}` }).waitFor();
    assert.deepEqual(await unlabelledControls(page), []);
    assert.match(
      (await page.locator('#view-rule').textContent()) ?? '',
      /Removing View removes every permission/,
    );
    assert.equal(await page.getByLabel(`${space.name} (${space.key}): Add Comment`).isChecked(), true);
    assert.equal(await page.getByLabel(`${space.name} (${space.key}): View`).isChecked(), false);

    // Nothing ticked: refused with the reason, and what was typed is still there.
    await page.getByLabel(`${space.name} (${space.key}): Add Comment`).uncheck();
    await page.getByLabel('Why').fill('I left the project.');
    await page.getByRole('button', { name: 'Request removal' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /choose at least one permission/);
    assert.equal(await page.getByLabel('Why').inputValue(), 'I left the project.');

    await page.getByLabel(`${space.name} (${space.key}): Add Comment`).check();
    await page.getByRole('button', { name: 'Request removal' }).click();
    await page.waitForURL(/\/requests\/req_/);
    assert.equal(await page.locator('#request-status').textContent(), 'Awaiting approval');
    const requestId = page.url().split('?')[0]?.split('/').pop() ?? '';
    await approve(requestId);
    assert.equal(await fulfilled(requestId), 'fulfilled');
    await page.goto(`${base}/requests/${requestId}`);
    assert.match((await page.locator('#request-state').textContent()) ?? '', /removed and checked/);
    assert.deepEqual(heldInEmulator(), ['read/space'], 'View stays, Add Comment is gone');
    await page.goto(`${base}/access`);
    const table = (await page.getByRole('table', { name: /What you hold/ }).textContent()) ?? '';
    assert.doesNotMatch(table, new RegExp(`${space.key}\\): Add Comment`));
    assert.match(table, new RegExp(`${space.key}\\): View`));
  });
});
