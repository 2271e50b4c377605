import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Identity } from '../../src/core/index.ts';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { startDemoServer } from '../server/demo-server.ts';
import { launchChromium, signIn, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;
const SHOTS = join(tmpdir(), 'spacegate-sorting-shots');

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await running?.close();
});

/** Two active people whose last names are unique in the demo, to search for. */
async function twoPeople(): Promise<[Identity, Identity]> {
  const all = await running.runtime.store.transaction((tx) => tx.identities.list());
  const active = all.filter((p) => p.status === 'active');
  const unique = active.filter((p) => active.filter((q) => q.lastName === p.lastName).length === 1);
  const [a, b] = unique;
  assert.ok(a && b, 'the demo has people with unique last names');
  return [a, b];
}

describe('the campaign form picks named reviewers by name', () => {
  test('find, add two, take one off, make one the fallback; everything typed is kept, and the campaign names them', async () => {
    const [first, second] = await twoPeople();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'admin', 'demo');
    await page.goto(`${running.url}/reviews`);
    await page.getByLabel('Campaign name').fill('Picked reviewers');
    await page.getByLabel('Space keys').fill('ENG');
    await page.getByLabel('Who reviews').selectOption('named');

    // Enter in the search field finds people; it never defines the campaign half filled.
    await page.getByLabel('Find a reviewer').fill(first.lastName);
    await page.getByLabel('Find a reviewer').press('Enter');
    const results = page.getByRole('list', {
      name: new RegExp(`Active people matching “${first.lastName}”`),
    });
    await results.waitFor();
    assert.deepEqual(await unlabelledControls(page), []);
    await page
      .getByRole('button', { name: `Add ${first.firstName} ${first.lastName} to the named reviewers` })
      .click();
    await page.locator('#named-chosen').waitFor();
    assert.equal(await page.getByLabel('Named reviewers (employee ids)').inputValue(), first.id);
    assert.equal(
      await page.getByLabel('Campaign name').inputValue(),
      'Picked reviewers',
      'what was typed is kept',
    );
    assert.equal(await page.getByLabel('Who reviews').inputValue(), 'named');

    await page.getByLabel('Find a reviewer').fill(second.email.toUpperCase());
    await page.getByRole('button', { name: 'Find people' }).click();
    await page
      .getByRole('button', { name: `Add ${second.firstName} ${second.lastName} to the named reviewers` })
      .click();
    await page.getByText(`Named reviewers: ${first.firstName} ${first.lastName}`).waitFor();
    assert.equal(
      await page.getByLabel('Named reviewers (employee ids)').inputValue(),
      `${first.id} ${second.id}`,
    );
    await page
      .getByRole('button', { name: `Make ${second.firstName} ${second.lastName} the fallback reviewer` })
      .click();
    await page.locator('#fallback-chosen').getByText(`${second.firstName} ${second.lastName}`).waitFor();
    assert.equal(await page.getByLabel('Fallback reviewer (employee id)').inputValue(), second.id);
    await page
      .getByRole('button', { name: `Take ${second.firstName} ${second.lastName} off the named reviewers` })
      .click();
    await page.locator('#fallback-chosen').waitFor();
    assert.equal(await page.getByLabel('Named reviewers (employee ids)').inputValue(), first.id);
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `reviewer-picker-${width}.png`), fullPage: true });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(Number(overflow) <= 1, `the form at ${width} px is ${overflow} px too wide`);
    }

    await page.getByLabel('Find a reviewer').fill('nobody-is-called-this');
    await page.getByRole('button', { name: 'Find people' }).click();
    await page.getByText('Nobody active matches “nobody-is-called-this”').waitFor();
    await page.getByLabel('Deadline', { exact: true }).fill('2099-12-31');
    await page.getByRole('button', { name: 'Define campaign' }).click();
    await page.getByRole('heading', { name: 'Access review: Picked reviewers' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const campaign = await running.runtime.store.transaction((tx) => tx.reviews.getCampaign(id));
    assert.deepEqual(campaign?.reviewers, { rule: 'named', named: [first.id], fallback: second.id });
    await page.close();
  });
});
