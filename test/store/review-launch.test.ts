import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PermissionOptionId } from '../../src/connector/index.ts';
import { requestRisk } from '../../src/core/catalog/risk.ts';
import {
  type CampaignDefinition,
  type CatalogItem,
  DomainError,
  type Identity,
  ManualClock,
  type ReviewAsker,
  type ReviewItem,
  randomIds,
} from '../../src/core/index.ts';
import { createReviewService } from '../../src/core/reviews/review-service.ts';
import type { LaunchLimits } from '../../src/core/reviews/snapshot.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

const SPACES = 1300;
const NOW = '2026-01-10T00:00:00.000Z';
const admin: ReviewAsker = { actor: 'admin', administrator: true, auditor: false, identityId: 'E0' };
const spaceKey = (i: number) => `S${String(i).padStart(4, '0')}`;

/** The big group's values: View in every space, Add Page (listed first) in every other, Admin in every fifth, and junk. */
function bigGroupValues(): unknown[] {
  const values: unknown[] = ['junk', 42, `${spaceKey(1)}:fly`];
  for (let i = 0; i < SPACES; i++) {
    if (i % 2 === 0) values.push(`${spaceKey(i)}:add_page`);
    values.push(`${spaceKey(i)}:view`);
    if (i % 5 === 0) values.push(`${spaceKey(i)}:admin`);
  }
  return values;
}

function person(n: number, department: string): Identity {
  return {
    id: `P${n}`,
    email: `p${n}@example.com`,
    firstName: 'Person',
    lastName: String(n),
    department,
    jobTitle: null,
    managerId: 'E0',
    status: 'active',
    extra: {},
    updatedAt: NOW,
  };
}

function catalogItem(type: 'group' | 'space', key: string, name: string): CatalogItem {
  const base = { type, entitlementKey: key, requestable: true, owner: null, optionRisks: {}, updatedAt: NOW };
  return { ...base, id: `${type}:${key}`, name, risk: 'low' };
}

/** The items a launch over everything must make, computed here apart from the code under test. */
function expectedEverything(): Array<Partial<ReviewItem>> {
  const spaceItem = (i: number) => catalogItem('space', spaceKey(i), `Space ${i}`);
  const big = (n: number, lastActivity: string | null): Array<Partial<ReviewItem>> => {
    const rows: Array<Partial<ReviewItem>> = [
      {
        identityId: `P${n}`,
        itemId: 'group:G-big',
        itemName: 'Big',
        permissions: [],
        via: null,
        risk: 'low',
      },
    ];
    // S1299 is no catalog item, so nobody reviews it.
    for (let i = 0; i < SPACES - 1; i++) {
      const options = [...(i % 2 === 0 ? ['add_page'] : []), 'view', ...(i % 5 === 0 ? ['admin'] : [])];
      rows.push({
        identityId: `P${n}`,
        itemId: `space:${spaceKey(i)}`,
        itemName: `Space ${i} (through Big)`,
        permissions: options,
        via: 'G-big',
        risk: requestRisk(spaceItem(i), options as PermissionOptionId[]),
      });
    }
    return rows.map((r) => ({ ...r, accountKey: `acc-${n}`, lastActivity, grantRequestId: null }));
  };
  return [
    ...big(1, '2026-01-02T00:00:00.000Z'),
    ...big(2, null),
    ...big(3, null),
    { identityId: 'P2', accountKey: 'acc-2', itemId: 'group:G-small', via: null, permissions: [] },
    {
      identityId: 'P1',
      accountKey: 'acc-1',
      itemId: `space:${spaceKey(1)}`,
      via: null,
      permissions: ['view'],
    },
    {
      identityId: 'P4',
      accountKey: 'acc-4',
      itemId: `space:${spaceKey(5)}`,
      via: null,
      permissions: ['admin', 'view'],
      risk: 'high',
      grantRequestId: 'req-new',
    },
    {
      identityId: 'P4',
      accountKey: 'acc-4',
      itemId: `space:${spaceKey(7)}`,
      via: null,
      permissions: ['view'],
    },
  ];
}

/** What identifies an item and what it says, without its id. */
function shape(item: Partial<ReviewItem>): string {
  return JSON.stringify([item.identityId, item.accountKey, item.itemId, item.via, item.permissions]);
}

for (const kind of STORE_KINDS) {
  describe(`store contract, review launch over a group of ${SPACES} spaces: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const clock = new ManualClock(new Date(NOW));

    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        await tx.identities.upsert({ ...person(0, 'Board'), id: 'E0', managerId: null });
        for (const [n, dept] of [
          [1, 'Eng'],
          [2, 'Eng'],
          [3, 'Ops'],
          [4, 'Ops'],
        ] as const)
          await tx.identities.upsert(person(n, dept));
        const account = (n: number | string, identityId: string | null, attributes = {}) =>
          tx.accounts.upsert({
            key: `acc-${n}`,
            email: `p${n}@example.com`,
            identityId,
            displayName: `Person ${n}`,
            disabled: false,
            attributes,
            aggregatedAt: NOW,
          });
        await account(1, 'P1', { lastActive: '2026-01-02T00:00:00.000Z' });
        for (const n of [2, 3, 4]) await account(n, `P${n}`);
        await account('x', null);
        await tx.entitlements.replaceAll([
          { type: 'group', key: 'G-big', name: 'Big', attributes: { spacePermissions: bigGroupValues() } },
          { type: 'group', key: 'G-small', name: 'Small', attributes: {} },
          {
            type: 'group',
            key: 'G-none',
            name: 'Uncatalogued',
            attributes: { spacePermissions: ['S0001:view'] },
          },
        ]);
        await tx.catalog.upsert(catalogItem('group', 'G-big', 'Big'));
        await tx.catalog.upsert(catalogItem('group', 'G-small', 'Small'));
        for (let i = 0; i < SPACES - 1; i++)
          await tx.catalog.upsert(catalogItem('space', spaceKey(i), `Space ${i}`));
        const held: Array<[string, 'group' | 'space', string]> = [
          ['acc-1', 'group', 'G-big'],
          ['acc-2', 'group', 'G-big'],
          ['acc-3', 'group', 'G-big'],
          ['acc-x', 'group', 'G-big'],
          ['acc-2', 'group', 'G-small'],
          ['acc-1', 'space', 'S0001:view'],
          ['acc-4', 'space', 'S0005:view'],
          ['acc-4', 'space', 'S0005:admin'],
          ['acc-4', 'space', 'S0007:view'],
          ['acc-4', 'space', 'S1299:view'],
        ];
        for (const [accountKey, k, value] of held) await tx.assignments.add({ accountKey, kind: k, value });
        for (const [id, at] of [
          ['req-old', '2025-12-01T00:00:00.000Z'],
          ['req-new', '2025-12-05T00:00:00.000Z'],
        ] as const)
          await tx.requests.insert(
            {
              id,
              kind: 'grant',
              requesterId: 'P4',
              beneficiaryId: 'P4',
              itemId: 'space:S0005',
              permissions: ['view'],
              justification: 'work',
              endDate: null,
              status: 'fulfilled',
              workflow: 'default',
              stages: [],
              currentStage: 0,
              failureReason: null,
              outcome: null,
              createdAt: at,
              updatedAt: at,
            },
            null,
          );
      });
    });
    after(async () => opened.dispose());

    const service = (limits?: LaunchLimits) =>
      createReviewService({
        store: opened.store,
        clock,
        ids: randomIds,
        ...(limits === undefined ? {} : { launchLimits: limits }),
      });
    const define = (reviews: ReturnType<typeof service>, scope: Partial<CampaignDefinition['scope']>) =>
      reviews.define(admin, {
        name: 'Launch contract',
        scope: { spaces: [], groups: [], risks: [], departments: [], ...scope },
        reviewers: { rule: 'manager', named: [], fallback: 'E0' },
        deadline: '2026-02-01T00:00:00.000Z',
        undecided: 'keep',
        reminderAfterMs: null,
        escalateAfterMs: null,
      });
    const launch = async (scope: Partial<CampaignDefinition['scope']>, limits?: LaunchLimits) => {
      const reviews = service(limits);
      const campaign = await define(reviews, scope);
      const launched = await reviews.launch(admin, campaign.id);
      const items: ReviewItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await reviews.items(admin, { campaignId: campaign.id, limit: 500, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      assert.equal(launched.items, items.length);
      assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'no item twice');
      return items;
    };

    const assertItems = (items: ReviewItem[], expected: Array<Partial<ReviewItem>>) => {
      assert.deepEqual(items.map(shape).sort(), expected.map(shape).sort());
      const byShape = new Map(items.map((i) => [shape(i), i]));
      for (const want of expected) {
        const got = byShape.get(shape(want));
        assert.ok(got !== undefined);
        const { itemId, ...fields } = want;
        for (const [field, value] of Object.entries(fields))
          assert.deepEqual(got[field as keyof ReviewItem], value, `${itemId} ${field}`);
        assert.equal(got.reviewerId, 'E0');
      }
    };

    test('a launch over everything yields exactly each held item, with its risk, grant and last activity', async () => {
      const items = await launch({});
      assertItems(items, expectedEverything());
      const grant = items.find((i) => i.grantRequestId === 'req-new');
      assert.equal(grant?.grantedAt, '2025-12-05T00:00:00.000Z');
    });

    test('pages and windows smaller than the data lose and double nothing', async () => {
      const tiny = { windowRows: 2, groups: 1, spaces: 7, members: 1, maxItems: 10_000 };
      assertItems(await launch({}, tiny), expectedEverything());
    });

    test('a narrowed scope keeps the named spaces and groups, then the departments and risks', async () => {
      const tiny = { windowRows: 1, groups: 1, spaces: 3, members: 1, maxItems: 10_000 };
      const narrowed = await launch({ spaces: ['S0005', 'S0010', 'S0011'], groups: ['G-small'] }, tiny);
      const inNarrow = (i: Partial<ReviewItem>) =>
        ['space:S0005', 'space:S0010', 'space:S0011', 'group:G-small'].includes(i.itemId ?? '');
      assertItems(narrowed, expectedEverything().filter(inNarrow));
      const ops = await launch({ departments: ['Ops'], risks: ['high'] }, tiny);
      const opsHigh = expectedEverything().filter(
        (i) => ['P3', 'P4'].includes(i.identityId ?? '') && i.risk === 'high',
      );
      assertItems(ops, opsHigh);
    });

    test('a launch past the most items a campaign may have is refused whole: still a draft, no items', async () => {
      const reviews = service({ windowRows: 2, groups: 1, spaces: 7, members: 1, maxItems: 100 });
      const campaign = await define(reviews, {});
      await assert.rejects(
        reviews.launch(admin, campaign.id),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'review.invalid' && e.details?.field === 'scope',
      );
      assert.equal((await reviews.get(admin, campaign.id)).status, 'draft');
      const left = await reviews.items(admin, { campaignId: campaign.id, limit: 1, withTotal: true });
      assert.equal(left.items.length, 0);
      assert.equal((await service().launch(admin, campaign.id)).items, expectedEverything().length);
    });

    test('two launches of one draft at once: one launches, the other is refused, no item twice', async () => {
      const reviews = service({ windowRows: 1, groups: 1, spaces: 50, members: 1, maxItems: 10_000 });
      const campaign = await define(reviews, { spaces: ['S0005'] });
      const outcomes = await Promise.allSettled([
        reviews.launch(admin, campaign.id),
        reviews.launch(admin, campaign.id),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected');
      assert.ok(refused?.reason instanceof DomainError && refused.reason.code === 'review.not_open');
      const items = await reviews.items(admin, { campaignId: campaign.id, limit: 100 });
      assert.deepEqual(
        items.items.map(shape).sort(),
        expectedEverything()
          .filter((i) => i.itemId === 'space:S0005')
          .map(shape)
          .sort(),
      );
    });
  });
}
