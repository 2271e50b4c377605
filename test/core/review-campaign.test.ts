import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type CampaignDefinition,
  DomainError,
  type ReviewAsker,
  type ReviewItem,
  type StoredAccount,
} from '../../src/core/index.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import { addLoopEntitlements, hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

const DAY = 86_400_000;
const admin: ReviewAsker = { actor: 'admin', administrator: true, auditor: false, identityId: undefined };
const reviewer = (id: string): ReviewAsker => ({
  actor: id,
  administrator: false,
  auditor: false,
  identityId: id,
});
const refusedWith = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

/** Direct user permissions the emulator holds for an account in one space, as permission keys. */
function heldIn(loop: Loop, spaceKey: string, accountId: string): string[] {
  const space = loop.emulator.state.spaceByKeyName(spaceKey);
  return (space?.permissions ?? [])
    .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
    .map((p) => `${p.key}/${p.target}`);
}

for (const kind of STORE_KINDS) {
  describe(`an access review campaign against the emulator: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let spaceKey: string;
    let groupId: string;
    const accountOf = (i: number): string => people[i]?.key ?? '';

    before(async () => {
      loop = await startLoop(kind);
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, 4);
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      ({ groupId, spaceKey } = addLoopEntitlements(loop.emulator, accountOf(0)));
      // Held before Spacegate granted anything: found by aggregation, never requested.
      loop.emulator.state.addMember(groupId, accountOf(3), { api: 'control', request: 'test setup' });
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.catalog.update(`group:${groupId}`, { owner: 'E1' }, 'admin');
      await loop.gov.startWorker();
      // Granted through Spacegate: View approves itself.
      const granted = await loop.gov.requests.submit({
        requesterId: 'E2',
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'project work',
        endDate: null,
      });
      await loop.settle(granted.id);
    });
    after(async () => loop.close());

    test('two reviewers decide; the revoked item is gone from the emulator; the report lists every item', async () => {
      const definition: CampaignDefinition = {
        name: 'Loop review',
        scope: { spaces: [spaceKey], groups: [groupId], risks: [], departments: [] },
        reviewers: { rule: 'manager', named: [], fallback: 'E1' },
        deadline: new Date(loop.clock.now().getTime() + 7 * DAY).toISOString(),
        undecided: 'keep',
        reminderAfterMs: DAY,
        escalateAfterMs: null,
      };
      await assert.rejects(
        loop.gov.reviews.define(reviewer('E0'), definition),
        refusedWith('review.forbidden'),
      );
      await assert.rejects(
        loop.gov.reviews.define(admin, { ...definition, deadline: '2000-01-01T00:00:00Z' }),
        (e: unknown) => refusedWith('review.invalid')(e) && (e as DomainError).details?.field === 'deadline',
      );
      const draft = await loop.gov.reviews.define(admin, definition);
      assert.equal(draft.status, 'draft');
      const launched = await loop.gov.reviews.launch(admin, draft.id);
      // E0 holds LOOP (view, admin), E2 LOOP view, E3 the group: three items.
      assert.equal(launched.items, 3);
      await assert.rejects(loop.gov.reviews.launch(admin, draft.id), refusedWith('review.not_open'));

      const all = await loop.gov.reviews.items(admin, { campaignId: draft.id, limit: 50 });
      const byPerson = new Map<string, ReviewItem>(all.items.map((i) => [i.identityId, i]));
      const own = byPerson.get('E0');
      const viewOfE2 = byPerson.get('E2');
      const groupOfE3 = byPerson.get('E3');
      assert.ok(own && viewOfE2 && groupOfE3);
      // Nobody reviews their own access: E0 has no manager, so the fallback reviews E0's item.
      assert.equal(own.reviewerId, 'E1');
      assert.deepEqual([viewOfE2.reviewerId, groupOfE3.reviewerId], ['E0', 'E0']);
      assert.deepEqual(viewOfE2.permissions, ['view']);
      assert.ok(viewOfE2.grantRequestId?.startsWith('req_'), 'granted through a request');
      assert.equal(groupOfE3.grantRequestId, null, 'found at aggregation, never requested');
      assert.equal(groupOfE3.via, null);

      const mine = await loop.gov.reviews.items(reviewer('E0'), { campaignId: draft.id, limit: 50 });
      assert.deepEqual(mine.items.map((i) => i.identityId).sort(), ['E2', 'E3']);
      await assert.rejects(
        loop.gov.reviews.decide(reviewer('E0'), {
          campaignId: draft.id,
          itemIds: [own.id],
          decision: 'keep',
          comment: '',
        }),
        refusedWith('review.not_reviewer'),
      );
      await assert.rejects(
        loop.gov.reviews.items(reviewer('E3'), { campaignId: draft.id, limit: 5 }),
        refusedWith('review.not_found'),
      );

      loop.clock.advance(DAY + 1);
      const swept = await loop.gov.sweep();
      assert.equal(swept.reviews.reminded, 2, 'one reminder per reviewer with items left');
      assert.equal((await loop.gov.sweep()).reviews.reminded, 0, 'a reminder is sent once');

      const writesBefore = (await loop.writes()).length;
      const [revoked] = await loop.gov.reviews.decide(reviewer('E0'), {
        campaignId: draft.id,
        itemIds: [viewOfE2.id],
        decision: 'revoke',
        comment: 'project over',
      });
      assert.ok(revoked?.revocationRequestId);
      await assert.rejects(
        loop.gov.reviews.decide(reviewer('E0'), {
          campaignId: draft.id,
          itemIds: [viewOfE2.id],
          decision: 'keep',
          comment: '',
        }),
        refusedWith('review.already_decided'),
      );
      const revocation = await loop.settle(revoked.revocationRequestId);
      assert.equal(revocation.kind, 'revoke');
      assert.deepEqual(heldIn(loop, spaceKey, accountOf(2)), [], 'E2 holds nothing in LOOP any more');
      assert.ok((await loop.writes(writesBefore)).length > 0);
      assert.ok(heldIn(loop, spaceKey, accountOf(0)).length > 0, "E0's access stays");

      assert.equal(
        await loop.gov.reviews.decideMatching(reviewer('E1'), {
          campaignId: draft.id,
          decision: 'keep',
          comment: 'needed',
        }),
        1,
      );
      const progress = await loop.gov.reviews.progress(admin, draft.id);
      assert.deepEqual(progress, [
        { reviewerId: 'E0', total: 2, kept: 0, revoked: 1, undecided: 1 },
        { reviewerId: 'E1', total: 1, kept: 1, revoked: 0, undecided: 0 },
      ]);

      loop.clock.advance(7 * DAY);
      assert.deepEqual((await loop.gov.sweep()).reviews.closed, [draft.id]);
      assert.equal((await loop.gov.reviews.get(admin, draft.id)).status, 'closed');
      assert.ok(
        loop.emulator.state.groups.get(groupId)?.members.has(accountOf(3)),
        'undecided: kept by the rule',
      );

      const report = await loop.gov.reviews.report(admin, { campaignId: draft.id, limit: 50 });
      assert.equal(report.items.length, 3, 'every item');
      const rows = new Map(report.items.map((r) => [r.item.identityId, r]));
      assert.deepEqual(
        [...rows.entries()]
          .map(([id, r]) => [id, r.item.decision, r.item.decidedBy, r.revocation?.status ?? null])
          .sort(),
        [
          ['E0', 'keep', 'E1', null],
          ['E2', 'revoke', 'E0', 'fulfilled'],
          ['E3', 'keep', 'system', null],
        ],
      );
      await assert.rejects(
        loop.gov.reviews.report(reviewer('E0'), { campaignId: draft.id, limit: 5 }),
        refusedWith('review.forbidden'),
      );
      const audit = await loop.gov.audit.list({ subject: `review:${draft.id}` });
      assert.deepEqual([...new Set(audit.map((e) => e.type))].sort(), [
        'review.campaign_closed',
        'review.campaign_created',
        'review.campaign_launched',
        'review.decided',
        'review.reminded',
      ]);
    });
  });
}
