import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AccountSort, DomainError, type Identity, type StoredAccount } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const ACCOUNTS = 3_000;
const IDENTITIES = 2_000;

/** Accounts with names that tie (so the key decides), orphans, disabled accounts and guests. */
function account(i: number): StoredAccount {
  return {
    key: `acc-${String((i * 7919) % 100_000).padStart(5, '0')}-${i}`,
    email: `User${i}@Example.com`,
    identityId: i % 10 === 0 ? null : `E${i}`,
    displayName: `Person ${String(i % 500).padStart(3, '0')}`,
    disabled: i % 7 === 0,
    attributes: { guest: i % 13 === 0, groups: [] },
    aggregatedAt: `2026-01-0${1 + (i % 5)}T00:00:00.000Z`,
  };
}

function identity(i: number): Identity {
  return {
    id: `E${String(i).padStart(5, '0')}`,
    email: `person${i}@example.com`,
    firstName: `First${i % 40}`,
    lastName: `Last${String(i % 300).padStart(3, '0')}`,
    department: null,
    jobTitle: null,
    managerId: i < 50 ? null : `E${String(i % 50).padStart(5, '0')}`,
    status: i % 9 === 0 ? 'leaver' : 'active',
    extra: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

for (const kind of STORE_KINDS) {
  describe(`store pages, people: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => account(i));
    const identities = Array.from({ length: IDENTITIES }, (_, i) => identity(i));
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        await tx.accounts.replaceAll(accounts);
        for (const person of identities) await tx.identities.upsert(person);
      });
    });
    after(async () => opened.dispose());

    test('accounts by name walk every account once, in name then key order, a full page at a time', async () => {
      const { items, pages } = await walkPages(
        (page) => opened.store.transaction((tx) => tx.accounts.page({ ...page, sort: 'name' })),
        250,
      );
      assert.equal(pages, Math.ceil(ACCOUNTS / 250));
      const expected = [...accounts].sort(
        byKeys(
          (a) => a.displayName,
          (a) => a.key,
        ),
      );
      assert.deepEqual(
        items.map((a) => a.key),
        expected.map((a) => a.key),
      );
    });

    test('accounts by email and by last aggregation (newest first) follow their order', async () => {
      const byEmail = await walkPages(
        (page) => opened.store.transaction((tx) => tx.accounts.page({ ...page, sort: 'email' })),
        400,
      );
      const emails = [...accounts].sort(
        byKeys(
          (a) => a.email.toLowerCase(),
          (a) => a.key,
        ),
      );
      assert.deepEqual(
        byEmail.items.map((a) => a.key),
        emails.map((a) => a.key),
      );
      const byTime = await walkPages(
        (page) => opened.store.transaction((tx) => tx.accounts.page({ ...page, sort: 'aggregatedAt' })),
        400,
      );
      const times = [...accounts]
        .sort(
          byKeys(
            (a) => a.aggregatedAt,
            (a) => a.key,
          ),
        )
        .reverse();
      assert.deepEqual(
        byTime.items.map((a) => a.key),
        times.map((a) => a.key),
      );
    });

    test('each account order also walks the other way, and a cursor of one direction is refused in the other', async () => {
      const cases: Array<[AccountSort, (a: StoredAccount) => string]> = [
        ['name', (a) => a.displayName],
        ['email', (a) => a.email.toLowerCase()],
        ['aggregatedAt', (a) => a.aggregatedAt],
      ];
      for (const [sort, column] of cases) {
        const direction = sort === 'aggregatedAt' ? 'asc' : 'desc';
        const walked = await walkPages(
          (page) =>
            opened.store.transaction((tx) =>
              tx.accounts.page({ ...page, sort, direction, status: 'active' }),
            ),
          300,
        );
        const ascending = accounts.filter((a) => !a.disabled).sort(byKeys(column, (a) => a.key));
        const expected = direction === 'asc' ? ascending : ascending.reverse();
        assert.deepEqual(
          walked.items.map((a) => a.key),
          expected.map((a) => a.key),
          `${sort} ${direction}`,
        );
      }
      const first = await opened.store.transaction((tx) =>
        tx.accounts.page({ limit: 10, sort: 'name', direction: 'desc' }),
      );
      await assert.rejects(
        opened.store.transaction((tx) =>
          tx.accounts.page({ limit: 10, sort: 'name', cursor: first.nextCursor ?? '' }),
        ),
        (error) => error instanceof DomainError && error.code === 'page.invalid_cursor',
      );
    });

    test('account filters (orphan, status, guest, search) are applied before the limit, with totals', async () => {
      const cases: Array<[object, (a: StoredAccount) => boolean]> = [
        [{ orphan: true }, (a) => a.identityId === null],
        [{ orphan: false, status: 'disabled' }, (a) => a.identityId !== null && a.disabled],
        [{ guest: true, status: 'active' }, (a) => a.attributes.guest === true && !a.disabled],
        [{ q: 'user12' }, (a) => a.email.toLowerCase().includes('user12')],
        [{ q: 'PERSON 04' }, (a) => a.displayName.startsWith('Person 04')],
        [{ q: '100_' }, () => false],
      ];
      for (const [filter, keep] of cases) {
        const expected = accounts.filter(keep).sort(
          byKeys(
            (a) => a.displayName,
            (a) => a.key,
          ),
        );
        const walked = await walkPages(
          (page) => opened.store.transaction((tx) => tx.accounts.page({ ...page, ...filter })),
          100,
        );
        assert.deepEqual(
          walked.items.map((a) => a.key),
          expected.map((a) => a.key),
          JSON.stringify(filter),
        );
        const first = await opened.store.transaction((tx) =>
          tx.accounts.page({ limit: 5, withTotal: true, ...filter }),
        );
        assert.equal(first.total, expected.length, JSON.stringify(filter));
      }
    });

    test('a cursor from another order, or not from the store, is refused as page.invalid_cursor', async () => {
      const first = await opened.store.transaction((tx) => tx.accounts.page({ limit: 10, sort: 'name' }));
      const cursor = first.nextCursor ?? '';
      for (const bad of [cursor, 'not-a-cursor', Buffer.from('["accounts.email",1]').toString('base64url')]) {
        const sort = bad === cursor ? 'email' : 'name';
        await assert.rejects(
          opened.store.transaction((tx) => tx.accounts.page({ limit: 10, sort, cursor: bad })),
          (error) => error instanceof DomainError && error.code === 'page.invalid_cursor',
        );
      }
    });

    test('identities page by last name, first name, id; filtered by manager, status and search', async () => {
      const all = await walkPages((page) => opened.store.transaction((tx) => tx.identities.page(page)), 300);
      const order = byKeys<Identity>(
        (i) => i.lastName,
        (i) => i.firstName,
        (i) => i.id,
      );
      assert.deepEqual(
        all.items.map((i) => i.id),
        [...identities].sort(order).map((i) => i.id),
      );
      const reports = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.identities.page({ ...page, managerId: 'E00007', status: 'active', excludeId: 'E00057' }),
          ),
        7,
      );
      const expected = identities
        .filter((i) => i.managerId === 'E00007' && i.status === 'active' && i.id !== 'E00057')
        .sort(order);
      assert.ok(expected.length > 7);
      assert.deepEqual(
        reports.items.map((i) => i.id),
        expected.map((i) => i.id),
      );
      const found = await opened.store.transaction((tx) =>
        tx.identities.page({ limit: 50, q: 'first3 last00' }),
      );
      assert.deepEqual(
        found.items.map((i) => i.id).sort(),
        identities
          .filter((i) => `${i.firstName} ${i.lastName}`.toLowerCase().includes('first3 last00'))
          .map((i) => i.id)
          .sort(),
      );
      const many = await opened.store.transaction((tx) =>
        tx.identities.getMany(['E00001', 'E00002', 'nobody']),
      );
      assert.deepEqual(many.map((i) => i.id).sort(), ['E00001', 'E00002']);
    });
  });
}
