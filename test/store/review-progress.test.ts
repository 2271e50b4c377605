import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CampaignStatus, ReviewCampaign, ReviewItem } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

const ACTIVE = 7;

/** Campaigns whose deadlines run backwards from their number (so the order is not the id's); two tie on deadline. */
function campaign(i: number, status: CampaignStatus): ReviewCampaign {
  const day = i === 6 ? 6 : 10 - i;
  return {
    id: `c-${status}-${i}`,
    name: `Campaign ${status} ${i}`,
    scope: { spaces: [], groups: [], risks: [], departments: [] },
    reviewers: { rule: 'manager', named: [], fallback: 'E1' },
    deadline: `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    undecided: 'keep',
    reminderAfterMs: null,
    escalateAfterMs: null,
    status,
    createdBy: 'admin',
    createdAt: '2026-01-01T00:00:00.000Z',
    launchedAt: null,
    closedAt: null,
    deadlineNoticeAt: null,
  };
}

/**
 * Items of one campaign: reviewer R<r> has `counts[r]` items of which `decided[r]` are decided;
 * enough reviewers (40) that a campaign's page of reviewers is not the whole campaign.
 */
function items(campaignId: string, seed: number): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (let r = 0; r < 40; r++) {
    const total = 1 + ((r * 7 + seed) % 9);
    const decided = r % 5 === 0 ? total : (r + seed) % total;
    for (let k = 0; k < total; k++) {
      out.push({
        id: `${campaignId}-i-${r}-${k}`,
        campaignId,
        identityId: `E${k}`,
        personName: `Person ${k}`,
        accountKey: `acc-${k}`,
        itemId: `space:S${k}`,
        itemName: `Space ${k}`,
        permissions: ['view'],
        via: null,
        grantedAt: null,
        grantRequestId: null,
        risk: 'low',
        lastActivity: null,
        reviewerId: `R${String(r).padStart(2, '0')}`,
        decision: k < decided ? (k % 2 === 0 ? 'keep' : 'revoke') : null,
        comment: '',
        decidedBy: null,
        decidedAt: null,
        revocationRequestId: null,
        remindedAt: null,
        escalated: false,
      });
    }
  }
  return out;
}

for (const kind of STORE_KINDS) {
  describe(`store contract, active campaign progress: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const active = Array.from({ length: ACTIVE }, (_, i) => campaign(i, 'active'));
    const others = [campaign(0, 'draft'), campaign(1, 'closed')];
    // Campaign 5 has no items at all (everyone left before launch).
    const byCampaign = new Map(
      [...active, ...others].filter((c) => c.id !== 'c-active-5').map((c, i) => [c.id, items(c.id, i)]),
    );
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (const c of [...active, ...others]) await tx.reviews.insertCampaign(c);
        for (const list of byCampaign.values()) await tx.reviews.insertItems(list);
      });
    });
    after(async () => opened.dispose());

    test('the first active campaigns by deadline, each with decided of total and its reviewers furthest behind', async () => {
      const got = await opened.store.transaction((tx) =>
        tx.reviews.activeProgress({ campaigns: 5, reviewers: 3 }),
      );
      assert.equal(got.activeTotal, ACTIVE);
      const expectedOrder = [...active]
        .sort((a, b) =>
          a.deadline === b.deadline ? (a.id < b.id ? -1 : 1) : a.deadline < b.deadline ? -1 : 1,
        )
        .slice(0, 5);
      assert.deepEqual(
        got.campaigns.map((c) => c.campaign.id),
        expectedOrder.map((c) => c.id),
      );
      for (const progress of got.campaigns) {
        const list = byCampaign.get(progress.campaign.id) ?? [];
        assert.equal(progress.campaign.deadline, active.find((c) => c.id === progress.campaign.id)?.deadline);
        assert.equal(progress.total, list.length, progress.campaign.id);
        assert.equal(progress.decided, list.filter((i) => i.decision !== null).length, progress.campaign.id);
        const perReviewer = new Map<string, { total: number; undecided: number }>();
        for (const i of list) {
          const p = perReviewer.get(i.reviewerId) ?? { total: 0, undecided: 0 };
          p.total += 1;
          if (i.decision === null) p.undecided += 1;
          perReviewer.set(i.reviewerId, p);
        }
        assert.equal(progress.reviewers, perReviewer.size);
        const behind = [...perReviewer]
          .map(([reviewerId, p]) => ({ reviewerId, ...p }))
          .filter((p) => p.undecided > 0)
          .sort((a, b) => b.undecided - a.undecided || (a.reviewerId < b.reviewerId ? -1 : 1))
          .slice(0, 3);
        assert.deepEqual(progress.behind, behind, progress.campaign.id);
      }
      // Two campaigns share a deadline at the cut: the id decides which is shown.
      const two = await opened.store.transaction((tx) =>
        tx.reviews.activeProgress({ campaigns: 2, reviewers: 1 }),
      );
      assert.deepEqual(
        two.campaigns.map((c) => [c.campaign.id, c.behind.length]),
        [
          ['c-active-5', 0],
          ['c-active-4', 1],
        ],
      );
      assert.equal(two.activeTotal, ACTIVE);
      const empty = got.campaigns.find((c) => c.campaign.id === 'c-active-5');
      assert.deepEqual(empty && { total: empty.total, behind: empty.behind }, { total: 0, behind: [] });
    });

    test('no active campaign: nothing, and a count of none', async () => {
      const got = await opened.store.transaction(async (tx) => {
        for (const c of active) await tx.reviews.transitionCampaign(c.id, 'active', { status: 'closed' });
        const progress = await tx.reviews.activeProgress({ campaigns: 5, reviewers: 3 });
        for (const c of active) await tx.reviews.transitionCampaign(c.id, 'closed', { status: 'active' });
        return progress;
      });
      assert.deepEqual(got, { campaigns: [], activeTotal: 0 });
    });
  });
}
