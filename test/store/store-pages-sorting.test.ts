import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PermissionOptionId, RiskLevel } from '../../src/connector/index.ts';
import {
  type AccessRequest,
  type Approval,
  type CatalogItem,
  type CatalogSort,
  DomainError,
  type EntitlementSort,
  type Identity,
  type IdentitySort,
  type InboxSort,
  type Page,
  type PageRequest,
  requestRisk,
  type StoredEntitlement,
} from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const RISKS: RiskLevel[] = ['high', 'low', 'medium'];
const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
/** Permissions whose default risks differ, so a request's risk is not always its item's. */
const PERMISSION_SETS: PermissionOptionId[][] = [['view'], ['view', 'delete_page'], ['admin'], []];
const ITEMS = 240;
const PEOPLE = 400;
const REQUESTS = 300;

/** Items whose names tie in threes (the id decides) and whose risk words do not sort as their levels. */
function item(i: number): CatalogItem {
  const type = i % 2 === 0 ? 'space' : 'group';
  const key = type === 'space' ? `S${String((i * 53) % 1000).padStart(3, '0')}` : `g-${(i * 31) % 997}`;
  return {
    id: `${type}:${key}`,
    type,
    entitlementKey: key,
    name: `Item ${String(Math.floor(i / 3) % 60).padStart(2, '0')}`,
    requestable: i % 5 !== 0,
    owner: null,
    risk: RISKS[i % 3] ?? 'low',
    // Every seventh space lowers `admin`, so the SQL must read the item's own option risks.
    optionRisks: type === 'space' && i % 7 === 0 ? { admin: 'low', view: 'medium' } : {},
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function entitlement(i: number): StoredEntitlement {
  const it = item(i);
  return { type: it.type, key: it.entitlementKey, name: it.name, attributes: {} };
}

/** People whose names, departments and titles tie (the id decides); some have neither department nor title. */
function person(i: number): Identity {
  return {
    id: `E${String((i * 17) % PEOPLE).padStart(4, '0')}-${i}`,
    email: `p${(i * 7) % PEOPLE}x${i}@example.com`,
    firstName: `First${i % 4}`,
    lastName: `Last${String(i % 25).padStart(2, '0')}`,
    department: i % 6 === 0 ? null : `Dept ${i % 5}`,
    jobTitle: i % 4 === 0 ? null : `Title ${i % 3}`,
    managerId: null,
    status: i % 3 === 0 ? 'leaver' : 'active',
    extra: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Requests awaiting A1 whose times tie in fours, for people and items that tie, with permissions that raise risk. */
function request(i: number, people: Identity[], items: CatalogItem[]): AccessRequest {
  const it = items[(i * 7) % items.length] as CatalogItem;
  return {
    id: `r-${String((i * 97) % REQUESTS).padStart(4, '0')}`,
    kind: 'grant',
    requesterId: 'R1',
    beneficiaryId: (people[(i * 11) % people.length] as Identity).id,
    // A few requests name an item that is gone: high risk, sorted by the item id.
    itemId: i % 29 === 0 ? `space:GONE${i}` : it.id,
    permissions: it.type === 'space' ? (PERMISSION_SETS[i % PERMISSION_SETS.length] ?? []) : [],
    justification: 'work',
    endDate: null,
    status: i % 10 === 9 ? 'fulfilled' : 'awaiting_approval',
    workflow: 'default',
    stages: [],
    currentStage: 0,
    failureReason: null,
    outcome: null,
    createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 60_000).toISOString(),
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function approval(r: AccessRequest): Approval {
  return {
    id: `a-${r.id}`,
    requestId: r.id,
    stage: 0,
    approverId: 'A1',
    decision: null,
    reason: null,
    decidedAt: null,
    assignedAt: r.createdAt,
    remindedAt: null,
    escalated: false,
  };
}

type Key<T> = (item: T) => string | number;

/** Walks the query both ways and checks each against the expected ascending order (reversed for desc). */
async function bothWays<T>(
  label: string,
  fetch: (page: PageRequest, direction: 'asc' | 'desc') => Promise<Page<T>>,
  idOf: (item: T) => string,
  expectedAscending: string[],
  limit: number,
): Promise<void> {
  assert.ok(expectedAscending.length > limit * 2, `${label}: enough rows for three pages`);
  for (const direction of ['asc', 'desc'] as const) {
    const walked = await walkPages((page) => fetch(page, direction), limit);
    const expected = direction === 'asc' ? expectedAscending : [...expectedAscending].reverse();
    assert.deepEqual(walked.items.map(idOf), expected, `${label} ${direction}`);
  }
}

for (const kind of STORE_KINDS) {
  describe(`store pages, sorting by each column: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const items = Array.from({ length: ITEMS }, (_, i) => item(i));
    const entitlements = Array.from({ length: ITEMS }, (_, i) => entitlement(i));
    const people = Array.from({ length: PEOPLE }, (_, i) => person(i));
    const requests = Array.from({ length: REQUESTS }, (_, i) => request(i, people, items));
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (const it of items) await tx.catalog.upsert(it);
        await tx.entitlements.replaceAll(entitlements);
        for (const p of people) await tx.identities.upsert(p);
        for (const r of requests) {
          await tx.requests.insert(r, null);
          await tx.approvals.insert(approval(r));
        }
      });
    });
    after(async () => opened.dispose());

    test('the catalog sorts by type, name, key and risk level both ways, ties broken by id', async () => {
      const requestable = items.filter((i) => i.requestable);
      const cases: Array<[CatalogSort, Array<Key<CatalogItem>>]> = [
        ['type', [(i) => i.type, (i) => i.name, (i) => i.id]],
        ['name', [(i) => i.name, (i) => i.id]],
        ['key', [(i) => i.entitlementKey, (i) => i.id]],
        ['risk', [(i) => RANK[i.risk], (i) => i.name, (i) => i.id]],
      ];
      for (const [sort, keys] of cases) {
        const expected = [...requestable].sort(byKeys(...keys)).map((i) => i.id);
        await bothWays(
          `catalog ${sort}`,
          (page, direction) =>
            opened.store.transaction((tx) =>
              tx.catalog.page({ ...page, requestable: true, sort, direction }),
            ),
          (i) => i.id,
          expected,
          23,
        );
      }
    });

    test('entitlements sort by type, name and key both ways, filtered by type', async () => {
      const cases: Array<[EntitlementSort, Array<Key<StoredEntitlement>>]> = [
        ['type', [(e) => e.type, (e) => e.key]],
        ['name', [(e) => e.name, (e) => e.type, (e) => e.key]],
        ['key', [(e) => e.key, (e) => e.type]],
      ];
      for (const [sort, keys] of cases) {
        const expected = [...entitlements].sort(byKeys(...keys)).map((e) => `${e.type}:${e.key}`);
        await bothWays(
          `entitlements ${sort}`,
          (page, direction) =>
            opened.store.transaction((tx) => tx.entitlements.page({ ...page, sort, direction })),
          (e) => `${e.type}:${e.key}`,
          expected,
          31,
        );
      }
      const spaces = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.entitlements.page({ ...page, type: 'space', sort: 'name', direction: 'desc' }),
          ),
        17,
      );
      const expected = entitlements
        .filter((e) => e.type === 'space')
        .sort(
          byKeys<StoredEntitlement>(
            (e) => e.name,
            (e) => e.type,
            (e) => e.key,
          ),
        )
        .reverse();
      assert.deepEqual(
        spaces.items.map((e) => e.key),
        expected.map((e) => e.key),
      );
    });

    test('people sort by name, email, department, job title and status both ways; no department sorts first', async () => {
      const byName: Array<Key<Identity>> = [(p) => p.lastName, (p) => p.firstName, (p) => p.id];
      const cases: Array<[IdentitySort, Array<Key<Identity>>]> = [
        ['name', byName],
        ['email', [(p) => p.email.toLowerCase(), (p) => p.id]],
        ['department', [(p) => p.department ?? '', ...byName]],
        ['jobTitle', [(p) => p.jobTitle ?? '', ...byName]],
        ['status', [(p) => p.status, ...byName]],
      ];
      for (const [sort, keys] of cases) {
        const expected = [...people].sort(byKeys(...keys)).map((p) => p.id);
        await bothWays(
          `people ${sort}`,
          (page, direction) =>
            opened.store.transaction((tx) => tx.identities.page({ ...page, sort, direction })),
          (p) => p.id,
          expected,
          37,
        );
      }
      const first = await opened.store.transaction((tx) =>
        tx.identities.page({ limit: 1, sort: 'department' }),
      );
      assert.equal(first.items[0]?.department, null);
      const leavers = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.identities.page({
              ...page,
              status: 'leaver',
              q: 'first1',
              sort: 'jobTitle',
              direction: 'desc',
            }),
          ),
        5,
      );
      const expected = people
        .filter((p) => p.status === 'leaver' && p.firstName === 'First1')
        .sort(byKeys((p) => p.jobTitle ?? '', ...byName))
        .reverse();
      assert.deepEqual(
        leavers.items.map((p) => p.id),
        expected.map((p) => p.id),
      );
    });

    test('the inbox sorts by submission, beneficiary, item and risk both ways, then by submission and id', async () => {
      const byId = new Map(people.map((p) => [p.id, p]));
      const itemOf = new Map(items.map((i) => [i.id, i]));
      const riskOf = (r: AccessRequest) => {
        const it = itemOf.get(r.itemId);
        return it === undefined ? 2 : RANK[requestRisk(it, r.permissions)];
      };
      const waiting = requests.filter((r) => r.status === 'awaiting_approval');
      const submitted: Array<Key<AccessRequest>> = [(r) => r.createdAt, (r) => `a-${r.id}`];
      const cases: Array<[InboxSort, Array<Key<AccessRequest>>]> = [
        ['submitted', submitted],
        [
          'beneficiary',
          [
            (r) => byId.get(r.beneficiaryId)?.lastName ?? '',
            (r) => byId.get(r.beneficiaryId)?.firstName ?? '',
            ...submitted,
          ],
        ],
        ['item', [(r) => itemOf.get(r.itemId)?.name ?? r.itemId, ...submitted]],
        ['risk', [riskOf, ...submitted]],
      ];
      const risks = new Set(waiting.map(riskOf));
      assert.equal(risks.size, 3, 'every risk level waits');
      assert.ok(
        waiting.some((r) => {
          const it = itemOf.get(r.itemId);
          return it !== undefined && RANK[requestRisk(it, r.permissions)] !== RANK[it.risk];
        }),
        'some request is riskier than its item',
      );
      for (const [sort, keys] of cases) {
        const expected = [...waiting].sort(byKeys(...keys)).map((r) => r.id);
        await bothWays(
          `inbox ${sort}`,
          (page, direction) =>
            opened.store.transaction((tx) =>
              tx.approvals.inbox({ ...page, approverId: 'A1', sort, direction }),
            ),
          (e) => e.request.id,
          expected,
          19,
        );
      }
      const total = await opened.store.transaction((tx) =>
        tx.approvals.inbox({ limit: 3, approverId: 'A1', sort: 'risk', withTotal: true }),
      );
      assert.equal(total.total, waiting.length);
    });

    test('a cursor of one order or direction is refused by another', async () => {
      const first = await opened.store.transaction((tx) => tx.catalog.page({ limit: 5, sort: 'risk' }));
      const cursor = first.nextCursor ?? '';
      const tries = [
        () =>
          opened.store.transaction((tx) =>
            tx.catalog.page({ limit: 5, sort: 'risk', direction: 'desc', cursor }),
          ),
        () => opened.store.transaction((tx) => tx.catalog.page({ limit: 5, sort: 'name', cursor })),
        () =>
          opened.store.transaction((tx) =>
            tx.approvals.inbox({ limit: 5, approverId: 'A1', sort: 'risk', cursor }),
          ),
      ];
      for (const attempt of tries) {
        await assert.rejects(
          attempt,
          (error) => error instanceof DomainError && error.code === 'page.invalid_cursor',
        );
      }
    });
  });
}
