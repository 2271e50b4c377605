import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { syncCatalog } from '../../src/core/catalog/catalog-service.ts';
import { ManualClock, type StoredEntitlement } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from '../store/fresh-store.ts';

// The catalog sync runs in the aggregation's commit and reads both tables a page at a time: these
// sites are larger than a page (500), and the changes sit on and across page boundaries.
const SPACES = 1_203;

function space(n: number, name = `Space ${n}`): StoredEntitlement {
  const key = `S${String(n).padStart(5, '0')}`;
  return { type: 'space', key, name, attributes: { id: String(n), key, name } };
}

function group(id: string, role: 'user' | 'admin'): StoredEntitlement {
  return { type: 'group', key: id, name: `Group ${id}`, attributes: { id, name: `Group ${id}`, role } };
}

for (const kind of STORE_KINDS) {
  describe(`catalog sync over more than one page (${kind})`, async () => {
    const opened = await freshStore(kind);
    after(() => opened.dispose());
    const { store } = opened;
    const clock = new ManualClock();
    const entitlements = [
      ...Array.from({ length: SPACES }, (_, n) => space(n)),
      group('g-users', 'user'),
      group('g-admins', 'admin'),
    ];
    const count = (type: string) =>
      store.transaction(async (tx) => (await tx.audit.page({ type, limit: 1, withTotal: true })).total);

    test('every entitlement gets an item with the defaults, each added once', async () => {
      await store.transaction((tx) => tx.entitlements.replaceAll(entitlements));
      assert.equal(await store.transaction((tx) => syncCatalog(tx, clock, 'tester')), SPACES + 2);
      assert.equal(await count('catalog.item_added'), SPACES + 2);
      const items = await store.transaction((tx) => tx.catalog.list());
      assert.equal(items.length, SPACES + 2);
      const admins = items.find((item) => item.id === 'group:g-admins');
      assert.equal(admins?.requestable, false);
      assert.equal(admins?.risk, 'high');
      assert.ok(items.filter((item) => item.type === 'space').every((item) => item.requestable));
      assert.equal(
        await store.transaction((tx) => syncCatalog(tx, clock, 'tester')),
        0,
        'a second sync adds none',
      );
    });

    test('names follow the entitlements, choices people made stay, vanished items stop being requestable', async () => {
      const owned = await store.transaction((tx) => tx.catalog.get('space:S00499'));
      assert.ok(owned);
      await store.transaction((tx) => tx.catalog.upsert({ ...owned, owner: 'id-owner', risk: 'medium' }));
      const gone = new Set([0, 499, 500, 1_001, SPACES - 1].map((n) => space(n).key));
      const renamed = new Set([1, 499, 998, SPACES - 2]);
      const next = entitlements
        .filter((e) => !gone.has(e.key) || e.key === 'S00499')
        .map((e) => {
          const n = Number(e.key.slice(1));
          return e.type === 'space' && renamed.has(n) ? space(n, `Renamed ${n}`) : e;
        });
      await store.transaction((tx) => tx.entitlements.replaceAll(next));
      clock.advance(60_000);
      assert.equal(await store.transaction((tx) => syncCatalog(tx, clock, 'tester')), 0);
      const items = new Map((await store.transaction((tx) => tx.catalog.list())).map((i) => [i.id, i]));
      assert.equal(items.size, SPACES + 2, 'items are never deleted');
      for (const n of renamed) assert.equal(items.get(`space:${space(n).key}`)?.name, `Renamed ${n}`);
      const kept = items.get('space:S00499');
      assert.equal(kept?.owner, 'id-owner');
      assert.equal(kept?.risk, 'medium');
      assert.equal(kept?.requestable, true);
      const retired = [...items.values()].filter((item) => !item.requestable && item.type === 'space');
      assert.deepEqual(
        retired.map((item) => item.entitlementKey).sort(),
        [...gone].filter((k) => k !== 'S00499').sort(),
      );
      assert.equal(await count('catalog.item_changed'), 4);
      assert.equal(await store.transaction((tx) => syncCatalog(tx, clock, 'tester')), 0);
      assert.equal(await count('catalog.item_changed'), 4, 'an item already retired is not retired again');
    });
  });
}
