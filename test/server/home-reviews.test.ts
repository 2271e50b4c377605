import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface Counts {
  total: number;
  kept: number;
  revoked: number;
  undecided: number;
}
interface CampaignView {
  progress: Array<Counts & { reviewerId: string; reviewer: { name: string } }>;
  overall: Counts;
}

let running: RunningSpacegate;

before(async () => {
  running = await startDemoServer();
});

after(() => running.close());

/** The start page's campaign panel as text (tags dropped), or undefined when there is none. */
async function panel(
  client: ReturnType<typeof createClient>,
): Promise<{ text: string; html: string } | undefined> {
  const { response, text } = await client.page('/');
  assert.equal(response.status, 200);
  const html = /<section aria-labelledby="h-reviews"[\s\S]*?<\/section>/.exec(text)?.[0];
  if (html === undefined) return undefined;
  const words = html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { html, text: words };
}

describe('the administrator start page shows running access reviews', () => {
  test('no panel before a campaign runs; then decided of total, the deadline and the reviewers furthest behind, linked', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    assert.equal(await panel(admin), undefined, 'no campaign is running yet');
    const csrf = await admin.csrf();
    const email = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
    const adminId = (await running.runtime.store.transaction((tx) => tx.identities.getByEmail(email)))?.id;
    const defined = await admin.json(
      'POST',
      '/api/v1/reviews',
      {
        name: 'Year-end <review>',
        scope: {},
        reviewers: { rule: 'manager', fallback: adminId },
        deadline: new Date(Date.now() + 10.5 * 86_400_000).toISOString(),
        undecided: 'keep',
      },
      csrf,
    );
    assert.equal(defined.status, 201, await defined.clone().text());
    const { id } = (await defined.json()) as { id: string };
    const launched = await admin.json('POST', `/api/v1/reviews/${id}/launch`, {}, csrf);
    assert.equal(launched.status, 200, await launched.clone().text());

    // One reviewer decides all their items, so the figures and who is behind move.
    const view = async () => (await (await admin.request(`/api/v1/reviews/${id}`)).json()) as CampaignView;
    const before = await view();
    assert.ok(before.progress.length >= 2, 'the demo gives the campaign several reviewers');
    const reviewer = createClient(running.url);
    await reviewer.signIn('approver', 'demo');
    const decided = await reviewer.json(
      'POST',
      `/api/v1/reviews/${id}/decisions`,
      { decision: 'keep', matching: {} },
      await reviewer.csrf(),
    );
    assert.equal(decided.status, 200, await decided.clone().text());

    const after = await view();
    const shown = await panel(admin);
    assert.ok(shown, 'the panel is there');
    const overall = after.overall;
    const decidedCount = overall.kept + overall.revoked;
    assert.ok(decidedCount > 0);
    assert.match(shown.text, /Access reviews running: 1/);
    assert.ok(
      shown.text.includes(`Year-end <review>: ${decidedCount} of ${overall.total} decided`),
      shown.text,
    );
    assert.match(shown.html, new RegExp(`<a href="/reviews/${id}"><bdi>Year-end &lt;review&gt;</bdi></a>`));
    assert.match(shown.text, /in 11 days/);
    assert.ok(shown.text.includes(`${after.progress.length} reviewers`), shown.text);
    const behind = after.progress
      .filter((p) => p.undecided > 0)
      .sort((a, b) => b.undecided - a.undecided || (a.reviewerId < b.reviewerId ? -1 : 1))
      .slice(0, 3)
      .map((p) => `${p.reviewer.name} (${p.undecided} of ${p.total} left)`);
    assert.ok(behind.length > 0);
    assert.ok(shown.text.includes(`Furthest behind: ${behind.join(', ')}`), `${shown.text}\n${behind}`);
    const approverEmail = running.demoAccounts.find((a) => a.username === 'approver')?.identity ?? '';
    const approver = await running.runtime.store.transaction((tx) => tx.identities.getByEmail(approverEmail));
    assert.ok(approver && after.progress.some((p) => p.reviewerId === approver.id && p.undecided === 0));
    assert.ok(
      !shown.text.includes(`${approver.firstName} ${approver.lastName} (`),
      'a reviewer who is done is not behind',
    );
  });
});
