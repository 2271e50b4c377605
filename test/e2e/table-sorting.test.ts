import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { createClient } from '../server/http-client.ts';
import { launchChromium, signIn, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;
/** Screenshots land here, to be looked at (the test checks only that the page does not overflow). */
const SHOTS = join(tmpdir(), 'spacegate-sorting-shots');
const WIDTHS = [1400, 390] as const;
const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await running?.close();
});

/** Takes the page's screenshot at both widths, and fails if the document is wider than the window. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(Number(overflow) <= 1, `${name} at ${width} px is ${overflow} px wider than the window`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** The text of one column of the table's body rows (the inbox's cells carry a label on phones; the text is the cell's). */
async function column(page: Page, table: string, index: number): Promise<string[]> {
  const cells = await page.locator(`${table} tbody tr td:nth-child(${index})`).allTextContents();
  return cells.map((c) => c.trim());
}

/** Whether each value is at least the one before (by `key`). */
function nonDecreasing<T>(values: T[], key: (value: T) => string | number): boolean {
  return values.every((v, i) => i === 0 || key(values[i - 1] as T) <= key(v));
}

/** The header link's `aria-sort` and the URL's order after clicking a column header. */
async function clickHeader(
  page: Page,
  table: string,
  label: string,
  expected: RegExp,
): Promise<string | null> {
  await page.locator(`${table} thead`).getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(expected);
  return page.locator(`${table} th[aria-sort]:not([aria-sort="none"])`).getAttribute('aria-sort');
}

describe('sortable console tables in a browser', () => {
  test('people sort by department both ways, a search keeps the order, and a bad sort is named with the table kept', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'admin', 'demo');
    await page.goto(`${running.url}/admin/identities`);
    assert.equal(await page.locator('#identities th[aria-sort="ascending"]').textContent(), 'Name ▲');

    assert.equal(
      await clickHeader(page, '#identities', 'Department', /sort=department&dir=asc/),
      'ascending',
    );
    const ascending = await column(page, '#identities', 3);
    assert.ok(ascending.length > 20);
    assert.ok(nonDecreasing(ascending, (d) => d));
    assert.match(
      (await page.locator('#identities caption').textContent()) ?? '',
      /by department, then last name/,
    );

    assert.equal(
      await clickHeader(page, '#identities', 'Department', /sort=department&dir=desc/),
      'descending',
    );
    const descending = await column(page, '#identities', 3);
    assert.ok(nonDecreasing([...descending].reverse(), (d) => d));
    assert.ok((descending[0] ?? '') > (ascending[0] ?? ''), 'the other end of the list');
    await shoot(page, 'people-by-department');

    const search = page.getByLabel('Search by name, email or employee id');
    await search.fill('a');
    await search.press('Enter');
    await page.waitForURL(/q=a/);
    assert.match(page.url(), /sort=department&dir=desc/, 'a search keeps the order');

    const bad = await page.goto(`${running.url}/admin/identities?sort=shoe-size&dir=sideways`);
    assert.equal(bad?.status(), 400);
    const alert = (await page.getByRole('alert').textContent()) ?? '';
    assert.match(alert, /Sort: “shoe-size” is not one of name, email, department, jobTitle, status/);
    assert.match(alert, /Sort direction: “sideways” is not one of asc, desc/);
    assert.equal(
      await page.locator('#identities tbody tr').count(),
      ascending.length,
      'the list is still shown',
    );
    await page.close();
  });

  test('the catalog sorts by risk level (not by the word); the entitlements by name', async () => {
    // The demo's requestable items are mostly low risk: raise two, through the API.
    const spaces = await fetch(`${running.url}/api/v1/catalog?type=space&sort=name&limit=3`, {
      headers: { authorization: `Bearer ${running.demoToken}` },
    });
    const [high, medium] = ((await spaces.json()) as { items: Array<{ id: string }> }).items;
    for (const [item, risk] of [
      [high, 'high'],
      [medium, 'medium'],
    ] as const) {
      const changed = await fetch(`${running.url}/api/v1/catalog/${encodeURIComponent(item?.id ?? '')}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ risk }),
      });
      assert.equal(changed.status, 200, await changed.text());
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'admin', 'demo');
    await page.goto(`${running.url}/catalog`);
    assert.equal(await clickHeader(page, '#catalog', 'Risk', /sort=risk&dir=desc/), 'descending');
    const risks = await column(page, '#catalog', 4);
    assert.ok(risks.length > 0);
    assert.ok(
      nonDecreasing([...risks].reverse(), (r) => RANK[r] ?? -1),
      risks.join(','),
    );
    assert.equal(await clickHeader(page, '#catalog', 'Risk', /sort=risk&dir=asc/), 'ascending');
    const lowFirst = await column(page, '#catalog', 4);
    assert.ok(
      nonDecreasing(lowFirst, (r) => RANK[r] ?? -1),
      lowFirst.join(','),
    );
    assert.deepEqual(risks.slice(0, 2), ['high', 'medium']);
    assert.equal(lowFirst[0], 'low');
    await shoot(page, 'catalog-by-risk');

    await page.goto(`${running.url}/admin/entitlements`);
    assert.equal(await clickHeader(page, '#entitlements', 'Name', /sort=name&dir=asc/), 'ascending');
    const names = await column(page, '#entitlements', 2);
    assert.ok(names.length > 10);
    assert.ok(nonDecreasing(names, (n) => n));
    await shoot(page, 'entitlements-by-name');
    await page.close();
  });

  test('the approvals inbox sorts by risk and by who, and a decision keeps the order', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const used: string[] = [];
    for (const permissions of [['view'], ['view', 'export_space'], ['view', 'delete_page']]) {
      const space = await spaceRequesterLacks(running, used);
      used.push(space.key);
      const body = new URLSearchParams({ _csrf: await requester.csrf(), itemId: space.id });
      for (const permission of permissions) body.append('permissions', permission);
      body.set('justification', `Sorting check on ${space.key}`);
      const response = await requester.request('/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: body.toString(),
      });
      assert.equal(response.status, 303, await response.text());
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'approver', 'demo');
    await page.goto(`${running.url}/approvals`);
    assert.deepEqual(await unlabelledControls(page), []);
    assert.equal(await page.locator('#inbox th[aria-sort="descending"] a').textContent(), 'Waiting ▼');
    assert.equal(await clickHeader(page, '#inbox', 'Risk', /sort=risk&dir=desc/), 'descending');
    const risks = await column(page, '#inbox', 4);
    assert.ok(risks.length >= 3, risks.join(','));
    assert.ok(
      nonDecreasing([...risks].reverse(), (r) => RANK[r] ?? -1),
      risks.join(','),
    );
    assert.ok(new Set(risks).size > 1, `more than one risk level waits: ${risks.join(',')}`);
    assert.match((await page.locator('#inbox caption').textContent()) ?? '', /highest risk first/);
    await shoot(page, 'inbox-by-risk');
    // On a phone the rows are cards and the header links are out of sight: the order is a form there.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByLabel('Sort by').selectOption('item');
    await page.getByLabel('Direction').selectOption('asc');
    await page.getByRole('button', { name: 'Sort', exact: true }).click();
    await page.waitForURL(/sort=item&dir=asc/);
    assert.match((await page.locator('#inbox caption').textContent()) ?? '', /by what, A–Z/);
    await shoot(page, 'inbox-by-item');
    assert.equal(await page.getByLabel('Sort by').isVisible(), false, 'the form is for phones only');

    assert.equal(await clickHeader(page, '#inbox', 'Who', /sort=beneficiary&dir=asc/), 'ascending');
    // A bulk decision refused (no reason) comes back in the same order.
    await page.locator('#inbox tbody input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Reject chosen' }).click();
    await page.getByRole('alert').filter({ hasText: 'A rejection needs a reason' }).waitFor();
    assert.match(page.url(), /sort=beneficiary&dir=asc/);
    assert.equal(await page.locator('#inbox th[aria-sort="ascending"] a').textContent(), 'Who ▲');
    await page.close();
  });

  test('the administrator start page shows a running campaign whose link opens it', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const csrf = await admin.csrf();
    const email = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
    const adminId = (await running.runtime.store.transaction((tx) => tx.identities.getByEmail(email)))?.id;
    const defined = await admin.json(
      'POST',
      '/api/v1/reviews',
      {
        name: 'Spring access review',
        scope: {},
        reviewers: { rule: 'manager', fallback: adminId },
        deadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        undecided: 'keep',
      },
      csrf,
    );
    const { id } = (await defined.json()) as { id: string };
    assert.equal((await admin.json('POST', `/api/v1/reviews/${id}/launch`, {}, csrf)).status, 200);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'admin', 'demo');
    const reviews = page.getByRole('region', { name: /Access reviews running: 1/ });
    await reviews.getByText(/Furthest behind: /).waitFor();
    assert.match((await reviews.textContent()) ?? '', /0 of \d+ decided \(0%\)/);
    await shoot(page, 'home-reviews');
    await reviews.getByRole('link', { name: 'Spring access review' }).click();
    await page.waitForURL(new RegExp(`/reviews/${id}$`));
    await page.close();
  });
});
