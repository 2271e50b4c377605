import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReviewCampaign, ReviewItem } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const ITEMS = 900;
const CAMPAIGNS = 40;

function campaign(i: number): ReviewCampaign {
  return {
    id: `c-${String(i).padStart(3, '0')}`,
    name: `Campaign ${i}`,
    scope: { spaces: [`S${i}`], groups: [], risks: ['high'], departments: [] },
    reviewers: { rule: 'manager', named: [], fallback: 'E1' },
    deadline: '2026-03-01T00:00:00.000Z',
    undecided: i % 2 === 0 ? 'keep' : 'revoke',
    reminderAfterMs: 86_400_000,
    escalateAfterMs: null,
    status: i % 3 === 0 ? 'active' : 'draft',
    createdBy: 'admin',
    // Creation times tie in fours, so the id decides.
    createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 60_000).toISOString(),
    launchedAt: null,
    closedAt: null,
    deadlineNoticeAt: null,
  };
}

/** Items of campaign c-000 whose person names tie in threes (then the item name, then the id decides). */
function item(i: number): ReviewItem {
  return {
    id: `i-${String((i * 7) % ITEMS).padStart(4, '0')}`,
    campaignId: 'c-000',
    identityId: `E${i % 60}`,
    personName: `Person ${String(Math.floor(i / 3) % 100).padStart(3, '0')}`,
    accountKey: `acc-${i % 60}`,
    itemId: `space:S${i % 9}`,
    itemName: `Space ${i % 2}`,
    permissions: ['view'],
    via: i % 5 === 0 ? 'g-1' : null,
    grantedAt: null,
    grantRequestId: null,
    risk: 'low',
    lastActivity: null,
    reviewerId: `R${i % 4}`,
    decision: i % 6 === 0 ? 'keep' : i % 6 === 1 ? 'revoke' : null,
    comment: '',
    decidedBy: null,
    decidedAt: null,
    revocationRequestId: null,
    remindedAt: null,
    escalated: false,
  };
}

for (const kind of STORE_KINDS) {
  describe(`store contract, access reviews: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const campaigns = Array.from({ length: CAMPAIGNS }, (_, i) => campaign(i));
    const items = Array.from({ length: ITEMS }, (_, i) => item(i));
    const order = byKeys<ReviewItem>(
      (r) => r.personName,
      (r) => r.itemName,
      (r) => r.id,
    );
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (const c of campaigns) await tx.reviews.insertCampaign(c);
        await tx.reviews.insertItems(items);
        await tx.reviews.insertItems([
          { ...item(1), id: 'other-campaign', campaignId: 'c-003', reviewerId: 'R9' },
        ]);
      });
    });
    after(async () => opened.dispose());

    test('a campaign reads back as written; a transition applies only from the stated status', async () => {
      const got = await opened.store.transaction((tx) => tx.reviews.getCampaign('c-001'));
      assert.deepEqual(got, campaigns[1]);
      const moved = await opened.store.transaction(async (tx) => [
        await tx.reviews.transitionCampaign('c-001', 'active', { status: 'closed' }),
        await tx.reviews.transitionCampaign('c-001', 'draft', { status: 'active', launchedAt: 'x' }),
      ]);
      assert.deepEqual(moved, [false, true]);
      const active = await opened.store.transaction((tx) => tx.reviews.listActive());
      assert.ok(active.some((c) => c.id === 'c-001' && c.launchedAt === 'x'));
      const noticed = await opened.store.transaction(async (tx) => [
        await tx.reviews.transitionCampaign('c-001', 'active', {
          deadlineNoticeAt: '2026-02-28T00:00:00.000Z',
        }),
        await tx.reviews.transitionCampaign('c-001', 'active', {
          deadlineNoticeAt: '2026-02-28T01:00:00.000Z',
        }),
      ]);
      assert.deepEqual(noticed, [true, false], 'the deadline notice time is set once');
      const reread = await opened.store.transaction((tx) => tx.reviews.getCampaign('c-001'));
      assert.equal(reread?.deadlineNoticeAt, '2026-02-28T00:00:00.000Z');
    });

    test('campaigns page newest first, by status and by reviewer', async () => {
      const newest = [...campaigns]
        .sort(
          byKeys(
            (c) => c.createdAt,
            (c) => c.id,
          ),
        )
        .reverse();
      const all = await walkPages(
        (page) => opened.store.transaction((tx) => tx.reviews.pageCampaigns(page)),
        7,
      );
      assert.deepEqual(
        all.items.map((c) => c.id),
        newest.map((c) => c.id),
      );
      const drafts = await walkPages(
        (page) => opened.store.transaction((tx) => tx.reviews.pageCampaigns({ ...page, status: 'draft' })),
        5,
      );
      assert.deepEqual(
        drafts.items.map((c) => c.id),
        newest.filter((c) => c.status === 'draft' && c.id !== 'c-001').map((c) => c.id),
      );
      const r9 = await opened.store.transaction((tx) =>
        tx.reviews.pageCampaigns({ limit: 10, reviewerId: 'R9' }),
      );
      assert.deepEqual(
        r9.items.map((c) => c.id),
        ['c-003'],
      );
    });

    test('items page by person, item, id; filtered by reviewer, decision, item and text; totals in SQL', async () => {
      const all = await walkPages(
        (page) => opened.store.transaction((tx) => tx.reviews.pageItems({ ...page, campaignId: 'c-000' })),
        64,
      );
      assert.deepEqual(
        all.items.map((i) => i.id),
        [...items].sort(order).map((i) => i.id),
      );
      assert.deepEqual(
        all.items.find((i) => i.id === items[5]?.id),
        items[5],
      );
      const filters: Array<[object, (i: ReviewItem) => boolean]> = [
        [{ reviewerId: 'R1' }, (i) => i.reviewerId === 'R1'],
        [{ decision: 'undecided' }, (i) => i.decision === null],
        [{ decision: 'revoke', reviewerId: 'R1' }, (i) => i.decision === 'revoke' && i.reviewerId === 'R1'],
        [{ itemId: 'space:S4' }, (i) => i.itemId === 'space:S4'],
        [{ q: 'person 01' }, (i) => i.personName.toLowerCase().includes('person 01')],
      ];
      for (const [filter, keep] of filters) {
        const walked = await walkPages(
          (page) =>
            opened.store.transaction((tx) =>
              tx.reviews.pageItems({ ...page, ...filter, campaignId: 'c-000' }),
            ),
          11,
        );
        const expected = items.filter(keep).sort(order);
        assert.ok(expected.length > 11, JSON.stringify(filter));
        assert.deepEqual(
          walked.items.map((i) => i.id),
          expected.map((i) => i.id),
          JSON.stringify(filter),
        );
        const counted = await opened.store.transaction((tx) =>
          tx.reviews.pageItems({ ...filter, campaignId: 'c-000', limit: 1, withTotal: true }),
        );
        assert.equal(counted.total, expected.length, JSON.stringify(filter));
      }
    });

    test('an item patch writes each field; progress counts per reviewer', async () => {
      const target = items.find((i) => i.decision === null);
      assert.ok(target);
      const patch = {
        decision: 'revoke' as const,
        comment: 'gone',
        decidedBy: 'R0',
        decidedAt: '2026-02-01T00:00:00.000Z',
        revocationRequestId: 'req_1',
        remindedAt: '2026-01-20T00:00:00.000Z',
        escalated: true,
        reviewerId: 'R0',
      };
      await opened.store.transaction((tx) => tx.reviews.updateItem(target.id, patch));
      const [read] = await opened.store.transaction((tx) =>
        tx.reviews.getItems('c-000', [target.id, 'absent']),
      );
      assert.deepEqual(read, { ...target, ...patch });
      const changed = items.map((i) => (i.id === target.id ? { ...i, ...patch } : i));
      const expected = ['R0', 'R1', 'R2', 'R3'].map((r) => {
        const mine = changed.filter((i) => i.reviewerId === r);
        const kept = mine.filter((i) => i.decision === 'keep').length;
        const revoked = mine.filter((i) => i.decision === 'revoke').length;
        return { reviewerId: r, total: mine.length, kept, revoked, undecided: mine.length - kept - revoked };
      });
      assert.deepEqual(await opened.store.transaction((tx) => tx.reviews.progress('c-000')), expected);
    });
  });
}
