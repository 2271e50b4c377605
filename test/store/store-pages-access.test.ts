import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Assignment, CatalogItem, StoredAccount, StoredEntitlement } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const MEMBERS = 2_500;
const SPACES = 1_500;

function account(i: number): StoredAccount {
  return {
    key: `acc-${String(i).padStart(5, '0')}`,
    email: `user${i}@example.com`,
    identityId: null,
    displayName: `Person ${i}`,
    disabled: false,
    attributes: {},
    aggregatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Every account in the big group; space `EN` and its prefix twin `ENG` held by overlapping thirds. */
function assignments(): Assignment[] {
  const rows: Assignment[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const accountKey = account(i).key;
    rows.push({ accountKey, kind: 'group', value: 'g-big' });
    if (i % 3 === 0) rows.push({ accountKey, kind: 'space', value: 'EN:view' });
    if (i % 6 === 0) rows.push({ accountKey, kind: 'space', value: 'EN:editspace' });
    if (i % 4 === 0) rows.push({ accountKey, kind: 'space', value: 'ENG:view' });
    if (i % 5 === 0) rows.push({ accountKey, kind: 'group', value: 'g-small' });
  }
  return rows;
}

function entitlement(i: number): StoredEntitlement {
  return i % 3 === 0
    ? { type: 'group', key: `g-${String(i).padStart(4, '0')}`, name: `Team ${i % 97}`, attributes: {} }
    : { type: 'space', key: `S${String(i).padStart(4, '0')}`, name: `Space ${i % 89}`, attributes: {} };
}

function item(e: StoredEntitlement, i: number): CatalogItem {
  return {
    id: `${e.type}:${e.key}`,
    type: e.type,
    entitlementKey: e.key,
    name: e.name,
    requestable: i % 4 !== 0,
    owner: null,
    risk: 'low',
    optionRisks: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

for (const kind of STORE_KINDS) {
  describe(`store pages, access: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const entitlements = Array.from({ length: SPACES }, (_, i) => entitlement(i));
    const items = entitlements.map(item);
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        await tx.accounts.replaceAll(Array.from({ length: MEMBERS }, (_, i) => account(i)));
        await tx.assignments.replaceAll(assignments());
        await tx.entitlements.replaceAll(entitlements);
        for (const catalogItem of items) await tx.catalog.upsert(catalogItem);
      });
    });
    after(async () => opened.dispose());

    test("a big group's members page by account key from the assignment rows, none twice", async () => {
      const { items: members, pages } = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.assignments.holders({ ...page, kind: 'group', groupId: 'g-big' }),
          ),
        500,
      );
      assert.equal(pages, MEMBERS / 500);
      assert.deepEqual(
        members.map((m) => m.accountKey),
        Array.from({ length: MEMBERS }, (_, i) => account(i).key),
      );
      assert.deepEqual(members[1], {
        accountKey: 'acc-00001',
        email: 'user1@example.com',
        displayName: 'Person 1',
        values: ['g-big'],
      });
      const small = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 10, kind: 'group', groupId: 'g-small', withTotal: true }),
      );
      assert.equal(small.total, MEMBERS / 5);
    });

    test("a space's holders are one row per account with its options, and a key's prefix twin stays out", async () => {
      const { items: holders } = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.assignments.holders({ ...page, kind: 'space', spaceKey: 'EN' }),
          ),
        97,
      );
      const expected = Array.from({ length: MEMBERS }, (_, i) => i).filter((i) => i % 3 === 0);
      assert.deepEqual(
        holders.map((h) => h.accountKey),
        expected.map((i) => account(i).key),
      );
      assert.deepEqual(holders[0]?.values, ['EN:editspace', 'EN:view']);
      assert.deepEqual(holders[1]?.values, ['EN:view']);
    });

    test('a fulfilled grant shows among the holders at once (the rows an account page reads)', async () => {
      const grant = { accountKey: 'acc-00001', kind: 'space' as const, value: 'EN:view' };
      await opened.store.transaction((tx) => tx.assignments.add(grant));
      const page = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 2, kind: 'space', spaceKey: 'EN' }),
      );
      assert.deepEqual(
        page.items.map((h) => h.accountKey),
        ['acc-00000', 'acc-00001'],
      );
      await opened.store.transaction((tx) => tx.assignments.remove(grant));
    });

    test('peers in one department who hold a group or a space, leaving the person asked about out', async () => {
      await opened.store.transaction(async (tx) => {
        for (let i = 0; i < 12; i++) {
          const id = `P${i}`;
          await tx.identities.upsert({
            id,
            email: `peer${i}@example.com`,
            firstName: 'Peer',
            lastName: String(i),
            department: i % 2 === 0 ? 'Engineering' : 'Sales',
            jobTitle: null,
            managerId: null,
            status: 'active',
            extra: {},
            updatedAt: '2026-01-01T00:00:00.000Z',
          });
          await tx.accounts.upsert({ ...account(i), identityId: id });
        }
      });
      const peersOf = { department: 'Engineering', excludeIdentityId: 'P0' };
      const group = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 3, kind: 'group', groupId: 'g-big', peersOf, withTotal: true }),
      );
      // Accounts 2, 4, …, 10 belong to Engineering people other than P0.
      assert.equal(group.total, 5);
      assert.deepEqual(
        group.items.map((h) => h.accountKey),
        ['acc-00002', 'acc-00004', 'acc-00006'],
      );
      const space = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 10, kind: 'space', spaceKey: 'EN', peersOf, withTotal: true }),
      );
      // EN is held by every third account: 6 is the one Engineering peer below 12 (0 is left out).
      assert.deepEqual(
        space.items.map((h) => h.accountKey),
        ['acc-00006'],
      );
      assert.equal(space.total, 1);
    });

    test('entitlements page by type and key, filtered by type and search', async () => {
      const all = await walkPages(
        (page) => opened.store.transaction((tx) => tx.entitlements.page(page)),
        200,
      );
      const order = byKeys<StoredEntitlement>(
        (e) => e.type,
        (e) => e.key,
      );
      assert.deepEqual(
        all.items.map((e) => e.key),
        [...entitlements].sort(order).map((e) => e.key),
      );
      const found = await walkPages(
        (page) =>
          opened.store.transaction((tx) => tx.entitlements.page({ ...page, type: 'space', q: 'space 8' })),
        20,
      );
      const expected = entitlements.filter(
        (e) => e.type === 'space' && e.name.toLowerCase().includes('space 8'),
      );
      assert.deepEqual(
        found.items.map((e) => e.key),
        expected.sort(order).map((e) => e.key),
      );
      const some = await opened.store.transaction((tx) =>
        tx.entitlements.getMany('group', ['g-0000', 'g-0003', 'S0001']),
      );
      assert.deepEqual(some.map((e) => e.key).sort(), ['g-0000', 'g-0003']);
    });

    test('the catalog pages by type, name and id, filtered by requestable, type and search', async () => {
      const order = byKeys<CatalogItem>(
        (i) => i.type,
        (i) => i.name,
        (i) => i.id,
      );
      const requestable = await walkPages(
        (page) => opened.store.transaction((tx) => tx.catalog.page({ ...page, requestable: true })),
        150,
      );
      assert.deepEqual(
        requestable.items.map((i) => i.id),
        items
          .filter((i) => i.requestable)
          .sort(order)
          .map((i) => i.id),
      );
      const found = await opened.store.transaction((tx) =>
        tx.catalog.page({ limit: 1000, type: 'group', q: 'TEAM 1', withTotal: true }),
      );
      const expected = items.filter((i) => i.type === 'group' && i.name.toLowerCase().includes('team 1'));
      assert.equal(found.total, expected.length);
      assert.deepEqual(
        found.items.map((i) => i.id),
        expected.sort(order).map((i) => i.id),
      );
      const some = await opened.store.transaction((tx) => tx.catalog.getMany(['space:S0001', 'space:nope']));
      assert.deepEqual(
        some.map((i) => i.id),
        ['space:S0001'],
      );
    });
  });
}
