import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessEntry, Assignment, StoredEntitlement } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const SPACES = 1_500;
const OPTIONS = ['view', 'editspace'];
const KEY = 'acc-1';
/** A personal space key with a colon, as Cloud's are: the value still splits at its last colon. */
const PERSONAL = '~557058:ab12';

/** A group holding two options in every space (3,000 values), one holding one, one whose attributes are malformed. */
function groups(): StoredEntitlement[] {
  const wide = Array.from({ length: SPACES }, (_, i) => `S${String(i).padStart(4, '0')}`).flatMap((s) =>
    OPTIONS.map((o) => `${s}:${o}`),
  );
  return [
    {
      type: 'group',
      key: 'g-wide',
      name: 'Everyone',
      attributes: { spacePermissions: [...wide, `${PERSONAL}:view`] },
    },
    { type: 'group', key: 'g-small', name: 'Engineers', attributes: { spacePermissions: ['EN:view'] } },
    { type: 'group', key: 'g-odd', name: 'Odd', attributes: { spacePermissions: ['EN:admin', 7, null] } },
    { type: 'group', key: 'g-none', name: 'None', attributes: { spacePermissions: 'EN:view' } },
    { type: 'group', key: 'g-other', name: 'Not held', attributes: { spacePermissions: ['EN:export'] } },
    { type: 'space', key: 'EN', name: 'Engineering', attributes: {} },
  ];
}

function held(): Assignment[] {
  return [
    ...['g-wide', 'g-small', 'g-odd', 'g-none'].map((value) => ({
      accountKey: KEY,
      kind: 'group' as const,
      value,
    })),
    ...['EN:view', 'EN:editspace', 'ENG:view'].map((value) => ({
      accountKey: KEY,
      kind: 'space' as const,
      value,
    })),
    { accountKey: 'acc-2', kind: 'space', value: 'EN:view' },
  ];
}

/** The effective access worked out here from the same rows, in the store's order. */
function expected(): AccessEntry[] {
  const byKey = new Map(groups().map((g) => [g.key, g]));
  const rows: AccessEntry[] = held()
    .filter((a) => a.accountKey === KEY)
    .map((a) => ({ kind: a.kind, value: a.value, viaGroup: null }));
  for (const a of held().filter((x) => x.accountKey === KEY && x.kind === 'group')) {
    const group = byKey.get(a.value);
    const values = group?.attributes.spacePermissions;
    if (!Array.isArray(values)) continue;
    for (const value of values)
      if (typeof value === 'string')
        rows.push({ kind: 'space', value, viaGroup: { key: a.value, name: group?.name ?? '' } });
  }
  return rows.sort(
    byKeys<AccessEntry>(
      (r) => r.kind,
      (r) => r.value,
      (r) => r.viaGroup?.key ?? '',
    ),
  );
}

for (const kind of STORE_KINDS) {
  describe(`an account's effective access, paged in the database: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        await tx.entitlements.replaceAll(groups());
        await tx.assignments.replaceAll(held());
      });
    });
    after(async () => opened.dispose());

    test('every row once, groups first, then each value held directly before the groups that give it', async () => {
      const { items, pages } = await walkPages(
        (page) => opened.store.transaction((tx) => tx.assignments.access({ ...page, accountKey: KEY })),
        250,
      );
      const want = expected();
      assert.equal(items.length, 4 + 3 + SPACES * OPTIONS.length + 1 + 1 + 1);
      assert.equal(pages, Math.ceil(want.length / 250));
      assert.deepEqual(items, want);
      assert.deepEqual(
        items.filter((r) => r.value === 'EN:view'),
        [
          { kind: 'space', value: 'EN:view', viaGroup: null },
          { kind: 'space', value: 'EN:view', viaGroup: { key: 'g-small', name: 'Engineers' } },
        ],
      );
    });

    test('the totals count groups, direct rows and what each group lists, without expanding the lists', async () => {
      const totals = await opened.store.transaction((tx) =>
        tx.assignments.accessTotals([KEY, 'acc-2', 'nobody', KEY]),
      );
      assert.deepEqual(
        [...totals],
        [
          // g-odd lists three entries of which one is a value: the totals count what a group lists.
          [KEY, { groups: 4, spacePermissions: 3 + SPACES * OPTIONS.length + 1 + 1 + 3 }],
          ['acc-2', { groups: 0, spacePermissions: 1 }],
          ['nobody', { groups: 0, spacePermissions: 0 }],
        ],
      );
    });

    test('only one space or one group: a key and its prefix twin kept apart, a key with a colon found', async () => {
      const inEn = await opened.store.transaction((tx) =>
        tx.assignments.access({ accountKey: KEY, limit: 50, item: { type: 'space', key: 'EN' } }),
      );
      assert.deepEqual(
        inEn.items.map((r) => `${r.value} ${r.viaGroup?.key ?? 'direct'}`),
        ['EN:admin g-odd', 'EN:editspace direct', 'EN:view direct', 'EN:view g-small'],
      );
      const personal = await opened.store.transaction((tx) =>
        tx.assignments.access({ accountKey: KEY, limit: 50, item: { type: 'space', key: PERSONAL } }),
      );
      assert.deepEqual(
        personal.items.map((r) => r.value),
        [`${PERSONAL}:view`],
      );
      const group = await opened.store.transaction((tx) =>
        tx.assignments.access({ accountKey: KEY, limit: 50, item: { type: 'group', key: 'g-small' } }),
      );
      assert.deepEqual(group.items, [{ kind: 'group', value: 'g-small', viaGroup: null }]);
    });

    test('a cursor of another list is refused by name', async () => {
      const holders = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 1, kind: 'group', groupId: 'g-wide' }),
      );
      const members = await opened.store.transaction((tx) =>
        tx.assignments.holders({ limit: 1, kind: 'space', spaceKey: 'EN' }),
      );
      const foreign = holders.nextCursor ?? members.nextCursor;
      assert.ok(foreign !== null);
      await assert.rejects(
        opened.store.transaction((tx) =>
          tx.assignments.access({ accountKey: KEY, limit: 5, cursor: foreign }),
        ),
        { code: 'page.invalid_cursor' },
      );
    });
  });

  describe(`peers who hold a group or a space, counted up to a cap: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const PEOPLE = 300;
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (let i = 0; i < PEOPLE; i++) {
          const id = `P${String(i).padStart(3, '0')}`;
          await tx.identities.upsert({
            id,
            email: `p${i}@example.com`,
            firstName: 'Peer',
            lastName: String(i),
            department: i % 3 === 0 ? 'Legal' : 'Sales',
            jobTitle: null,
            managerId: null,
            status: 'active',
            extra: {},
            updatedAt: '2026-01-01T00:00:00.000Z',
          });
          await tx.accounts.upsert({
            key: `acc-${String(i).padStart(3, '0')}`,
            email: `p${i}@example.com`,
            identityId: id,
            displayName: `Peer ${i}`,
            disabled: false,
            attributes: {},
            aggregatedAt: '2026-01-01T00:00:00.000Z',
          });
        }
        const rows: Assignment[] = [];
        for (let i = 0; i < PEOPLE; i++) {
          const accountKey = `acc-${String(i).padStart(3, '0')}`;
          rows.push({ accountKey, kind: 'group', value: 'g-all' });
          if (i % 30 === 0) rows.push({ accountKey, kind: 'space', value: 'LAW:view' });
          if (i % 30 === 0) rows.push({ accountKey, kind: 'space', value: 'LAW:editspace' });
          if (i === 3) rows.push({ accountKey, kind: 'space', value: 'LAWX:view' });
        }
        await tx.assignments.replaceAll(rows);
      });
    });
    after(async () => opened.dispose());

    test('a few names by account key, the person asked about left out, a count that stops at the cap', async () => {
      const peers = (query: object) =>
        opened.store.transaction((tx) =>
          tx.assignments.peers({
            department: 'Legal',
            excludeIdentityId: 'P000',
            names: 3,
            cap: 50,
            ...query,
          } as never),
        );
      // Legal is every third person: 100 of them, 99 without P000.
      assert.deepEqual(await peers({ kind: 'group', groupId: 'g-all' }), {
        names: ['Peer 3', 'Peer 6', 'Peer 9'],
        total: 50,
        atLeast: true,
      });
      assert.deepEqual(await peers({ kind: 'group', groupId: 'g-all', cap: 99 }), {
        names: ['Peer 3', 'Peer 6', 'Peer 9'],
        total: 99,
        atLeast: false,
      });
      // LAW is held by every thirtieth person (all in Legal); its prefix twin LAWX is not LAW.
      assert.deepEqual(await peers({ kind: 'space', spaceKey: 'LAW' }), {
        names: ['Peer 30', 'Peer 60', 'Peer 90'],
        total: 9,
        atLeast: false,
      });
      assert.deepEqual(
        [
          ...(await opened.store.transaction((tx) =>
            tx.accounts.keysOfIdentities(['P003', 'nobody', 'P000']),
          )),
        ].sort(),
        [
          ['P000', 'acc-000'],
          ['P003', 'acc-003'],
        ],
      );
      assert.deepEqual(await peers({ kind: 'space', spaceKey: 'LAW', department: 'Sales' }), {
        names: [],
        total: 0,
        atLeast: false,
      });
    });
  });
}
