import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { startDemoServer } from '../server/demo-server.ts';
import { waitFor } from '../store/fresh-store.ts';
import { launchChromium, signIn, signOut, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await running?.close();
});

async function expectLabelled(page: Page): Promise<void> {
  assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls on ${page.url()}`);
}

const emailOf = (username: string) =>
  running.demoAccounts.find((a) => a.username === username)?.identity ?? '';

/** The requester's identity, account and a space they hold permissions in directly. */
async function requesterHolding() {
  return running.runtime.store.transaction(async (tx) => {
    const person = await tx.identities.getByEmail(emailOf('requester'));
    const admin = await tx.identities.getByEmail(emailOf('admin'));
    const account = person === undefined ? undefined : await tx.accounts.getByIdentity(person.id);
    const held = account === undefined ? [] : await tx.assignments.listByAccount(account.key);
    const spaceKey = held.find((a) => a.kind === 'space')?.value.split(':')[0];
    assert.ok(person && admin && account && spaceKey, 'the demo requester holds a space permission directly');
    return { person, adminId: admin.id, accountKey: account.key, spaceKey };
  });
}

describe('an access review in a browser, from both sides', () => {
  test('the administrator defines and launches; the manager revokes one item and keeps the rest; the report shows it', async () => {
    const { person, adminId, accountKey, spaceKey } = await requesterHolding();
    const page = await browser.newPage();
    const base = running.url;

    await signIn(page, base, 'admin', 'demo');
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Define a campaign' }).waitFor();
    await expectLabelled(page);
    await page.getByLabel('Campaign name').fill('Browser review');
    await page.getByLabel('Space keys').fill(spaceKey);
    await page.getByLabel('Who reviews').selectOption('manager');
    await page.getByLabel('Fallback reviewer (employee id)').fill(adminId);
    await page.getByLabel('Deadline', { exact: true }).fill('2000-01-01');
    await page.getByRole('button', { name: 'Define campaign' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /deadline/);
    assert.equal(
      await page.getByLabel('Space keys').inputValue(),
      spaceKey,
      'a refused form comes back filled in',
    );
    await page.getByLabel('Deadline', { exact: true }).fill('2099-12-31');
    await page.getByRole('button', { name: 'Define campaign' }).click();
    await page.getByRole('heading', { name: 'Access review: Browser review' }).waitFor();
    await page.getByRole('button', { name: 'Launch campaign' }).click();
    await page.getByText(/Campaign launched with \d+ item\(s\)/).waitFor();
    await expectLabelled(page);
    const campaignUrl = page.url().split('?')[0] ?? '';
    await signOut(page);

    await signIn(page, base, 'approver', 'demo');
    await page.goto(`${base}/reviews`);
    await page.getByRole('link', { name: 'Browser review' }).click();
    await page.getByRole('heading', { name: 'Your items to review' }).waitFor();
    await expectLabelled(page);
    const name = `${person.firstName} ${person.lastName}`;
    await page.getByLabel('Person or access').fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=/);
    const mine = page.getByRole('checkbox', { name: new RegExp(`^Select ${name}:`) });
    assert.equal(await mine.count(), 1, "the requester's direct access in the space is one item");
    await mine.check();
    await page.getByLabel('Comment').fill('no longer on the project');
    await page.getByRole('button', { name: 'Revoke selected' }).click();
    await page.getByText('Revoked 1 item(s).').waitFor();
    await page.goto(campaignUrl);
    await page.getByLabel('Apply to all matching, not only the selected').check();
    await page.getByRole('button', { name: 'Keep selected' }).click();
    await page.getByText(/Kept \d+ item\(s\)\./).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: /^Select / }).count(), 0, 'nothing left to decide');
    await signOut(page);

    const state = running.runtime.emulator?.state;
    const stillHeld = await waitFor(
      async () =>
        state
          ?.spaceByKeyName(spaceKey)
          ?.permissions.some((p) => p.principal.type === 'user' && p.principal.id === accountKey),
      (held) => held === false,
      30_000,
    );
    assert.equal(stillHeld, false, 'the revoked permission is gone from the emulator');

    await signIn(page, base, 'admin', 'demo');
    await page.goto(`${campaignUrl}/report?q=${encodeURIComponent(name)}`);
    await page.getByRole('table').waitFor();
    await expectLabelled(page);
    const row = page.getByRole('row').filter({ hasText: 'no longer on the project' });
    const shown = await waitFor(
      async () => {
        await page.reload();
        return (await row.textContent()) ?? '';
      },
      (text) => text.includes('Fulfilled'),
      30_000,
    );
    assert.match(shown, /Fulfilled/, 'the report shows the revocation fulfilled');
    assert.match((await row.textContent()) ?? '', /revoke/);
    const csv = await page.request.get(`${campaignUrl.replace('/reviews/', '/api/v1/reviews/')}/report.csv`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /,revoke,no longer on the project,/);
  });
});
