import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { createClient } from '../server/http-client.ts';
import { launchChromium, signIn, signOut, unlabelledControls } from './browser.ts';

let running: RunningSpacegate;
let browser: Browser;
/** Screenshots land here, to be looked at (the test checks only that the page does not overflow). */
const SHOTS = join(tmpdir(), 'spacegate-console-shots');
const WIDTHS = [1400, 390] as const;
/** Spaces a test has asked for already, so the next test picks another. */
const used: string[] = [];

before(async () => {
  [running, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await running?.close();
});

/** Asks for View on a space as the demo requester, through the web form; returns the request id. */
async function submitAsRequester(itemId: string, justification: string): Promise<string> {
  const requester = createClient(running.url);
  await requester.signIn('requester', 'demo');
  const response = await requester.form('/requests', {
    _csrf: await requester.csrf(),
    itemId,
    permissions: 'view',
    justification,
  });
  const location = response.headers.get('location') ?? '';
  assert.equal(response.status, 303, await response.text());
  return location.split('?')[0]?.split('/').pop() ?? '';
}

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

/** The text of one column of the table's body rows. */
async function column(page: Page, table: string, index: number): Promise<string[]> {
  return page.locator(`${table} tbody tr td:nth-child(${index})`).allTextContents();
}

describe('the console in a browser', () => {
  test('an approver rejects without a reason and stays on the page, then approves two requests with one comment', async () => {
    const first = await spaceRequesterLacks(running, used);
    const other = await spaceRequesterLacks(running, [...used, first.key]);
    used.push(first.key, other.key);
    // A right-to-left override would show "txt.exe" reversed as "exe.txt"; the approver sees the control instead.
    const sneaky = 'Notes for the launch \u202Etxt.exe\u202C please';
    const ids = [
      await submitAsRequester(first.id, sneaky),
      await submitAsRequester(other.id, 'I review the release notes kept there.'),
    ];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'approver', 'demo');
    await page.goto(`${running.url}/approvals`);
    assert.deepEqual(await unlabelledControls(page), []);
    const boxes = ids.map((id) => page.getByRole('checkbox', { name: new RegExp(`\\(${id}\\)$`) }));
    const row = page.getByRole('row').filter({ has: boxes[0] ?? page.locator('none') });
    const why = (await row.locator('td.why').innerHTML()) ?? '';
    assert.match(why, /<bdi>Notes for the launch <span class="bidi"[^>]*>\[U\+202E\]<\/span>txt\.exe/);
    assert.match(
      (await row.textContent()) ?? '',
      /Peers who hold it|nobody else in|in [A-Z]|no department known/,
    );
    for (const box of boxes) await box.check();
    await shoot(page, 'approvals');

    await page.getByRole('button', { name: 'Reject chosen' }).click();
    await page.getByRole('alert').filter({ hasText: 'A rejection needs a reason' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/approvals');
    for (const box of boxes) assert.equal(await box.isChecked(), true, 'the choices are kept');

    await page.getByLabel('Comment').fill('Both fine for the launch.');
    await page.getByRole('button', { name: 'Approve chosen' }).click();
    await page.getByText('Approved 2 requests.').waitFor();
    const decided = await running.runtime.store.transaction((tx) =>
      Promise.all(ids.map((id) => tx.approvals.listByRequest(id))),
    );
    for (const approvals of decided) {
      assert.ok(approvals.some((a) => a.decision === 'approved' && a.reason === 'Both fine for the launch.'));
    }
    await page.close();
  });

  test('the accounts table sorts by a column both ways and pages on the server, with the count', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, running.url, 'admin', 'demo');
    await page.goto(`${running.url}/admin/accounts?size=25`);
    const total = await running.runtime.store.transaction((tx) =>
      tx.accounts.page({ limit: 1, withTotal: true }),
    );
    assert.ok((total.total ?? 0) > 25, `the demo has ${total.total} accounts, too few to page`);
    await page.getByRole('table', { name: `Accounts with Confluence access (${total.total})` }).waitFor();

    await page.getByRole('link', { name: 'Email', exact: true }).click();
    await page.waitForURL(/sort=email&dir=asc/);
    assert.equal(await page.locator('th[aria-sort="ascending"]').textContent(), 'Email ▲');
    const ascending = await column(page, '#accounts', 2);
    assert.equal(ascending.length, 25);
    assert.deepEqual(ascending, [...ascending].sort());

    await page.getByRole('link', { name: 'Email', exact: true }).click();
    await page.waitForURL(/sort=email&dir=desc/);
    const descending = await column(page, '#accounts', 2);
    assert.deepEqual(descending, [...descending].sort().reverse());
    assert.ok((descending[0] ?? '') > (ascending[0] ?? ''));

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    const next = await column(page, '#accounts', 2);
    assert.ok(next.length > 0);
    assert.ok((next[0] ?? '') < (descending.at(-1) ?? ''), 'page two continues the order');
    assert.equal(new Set([...descending, ...next]).size, descending.length + next.length, 'no row twice');
    assert.match(
      (await page.getByRole('status').filter({ hasText: 'Showing' }).textContent()) ?? '',
      /of \d+/,
    );
    await shoot(page, 'accounts');

    await page.getByLabel('Search by email, name or account id').fill('nobody-has-this-name');
    await page.getByLabel('Search by email, name or account id').press('Enter');
    await page.getByText('No accounts match the search “nobody-has-this-name”').waitFor();
    await page.close();
  });

  test('bad input is answered with the form, the text typed and the reason; pages are not kept after sign-out', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const space = await spaceRequesterLacks(running, used);
    await signIn(page, running.url, 'requester', 'demo');
    await shoot(page, 'home-requester');
    await page.goto(`${running.url}/catalog/item?id=${encodeURIComponent(space.id)}`);
    const justification = page.getByLabel('Justification');
    assert.equal(await justification.getAttribute('maxlength'), '2000');
    // A browser keeps to maxlength; a script or an old browser need not, and the server must still answer well.
    await justification.evaluate((element) =>
      (element as unknown as { removeAttribute(name: string): void }).removeAttribute('maxlength'),
    );
    const long = `Because ${'very '.repeat(2000)}much.`;
    await page.getByLabel('View', { exact: true }).check();
    await justification.fill(long);
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.getByRole('alert').filter({ hasText: 'justification' }).waitFor();
    assert.equal(await page.getByLabel('Justification').inputValue(), long);
    assert.equal(await page.getByLabel('View', { exact: true }).isChecked(), true);
    await shoot(page, 'request-form-refused');

    const search = 'y'.repeat(201);
    await page.goto(`${running.url}/catalog?q=${search}`);
    await page.getByRole('alert').filter({ hasText: 'Search: at most 200 characters' }).waitFor();
    assert.equal(await page.getByLabel('Search groups and spaces').inputValue(), search);
    await page.goto(`${running.url}/catalog?offset=-5&cursor=forged`);
    await page.getByRole('alert').filter({ hasText: 'Page: the link is not one this list made' }).waitFor();
    await signOut(page);

    await signIn(page, running.url, 'admin', 'demo');
    await shoot(page, 'home-admin');
    await page.goto(`${running.url}/admin/audit`);
    await page.getByLabel('Since').fill('last tuesday');
    await page.getByLabel('Type').fill('IDENTITY.CREATED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Since: “last tuesday” is not a date' }).waitFor();
    assert.equal(await page.getByLabel('Since').inputValue(), 'last tuesday');
    await page.getByRole('cell', { name: 'identity.created' }).first().waitFor();
    assert.ok((await page.locator('#audit details').count()) > 0, 'the data is folded');
    await shoot(page, 'audit');
    const subject = page.locator('#audit tbody tr td:nth-child(5) a').first();
    const employeeId = (await subject.textContent()) ?? '';
    await subject.click();
    await page.getByRole('heading', { name: /^Reports \(\d+\)$/ }).waitFor();
    assert.match(
      (await page.locator('dl.attributes').textContent()) ?? '',
      new RegExp(`Employee id${employeeId}`),
    );
    await page.getByRole('heading', { name: 'Account and access' }).waitFor();
    await page.getByRole('heading', { name: /^History \([1-9]\d*\)$/ }).waitFor();
    await shoot(page, 'identity');

    await page.goto(`${running.url}/admin/accounts`);
    await signOut(page);
    await page.goBack();
    await page.waitForLoadState();
    assert.match(page.url(), /\/sign-in/, 'Back after sign-out asks to sign in again');
    assert.equal(await page.locator('#accounts').count(), 0);
    await page.close();
  });
});
