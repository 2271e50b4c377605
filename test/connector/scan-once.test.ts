import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountRecord, EntitlementRecord, SpaceEntitlement } from '../../src/connector/index.ts';
import { startLoop } from '../core/loop-fixture.ts';
import { byKey, collect, confluenceAccountIds, startFixture } from './fixture.ts';

interface Counters {
  total: number;
  endpoints: Record<string, number>;
}

const PERMISSIONS = 'GET /wiki/api/v2/spaces/:id/permissions';

/**
 * The accounts, group and space lists each need every space's permissions; in one run the first
 * list's scan is replayed by the other two, so each space's permissions are listed once, and each
 * list still says what it would say alone.
 */
describe('Cloud connector: one space-permission scan per run', async () => {
  const fixture = await startFixture({ size: 'medium', seed: 3 });
  const { emulator, connector } = fixture;
  const listings = async (): Promise<number> =>
    ((await fixture.control('GET', '/counters')) as Counters).endpoints[PERMISSIONS] ?? 0;
  const spaces = emulator.state.spaces.size;
  const read = async () => ({
    accounts: byKey((await collect(connector.listAccounts())).items as AccountRecord[]),
    groups: byKey((await collect(connector.listEntitlements('group'))).items as EntitlementRecord[]),
    spaces: byKey((await collect(connector.listEntitlements('space'))).items as EntitlementRecord[]),
  });

  test('accounts, groups, spaces: each space listed once; a second round agrees with the first', async () => {
    await fixture.control('DELETE', '/counters');
    const first = await read();
    assert.equal(first.spaces.length, spaces);
    assert.equal(await listings(), spaces, 'one permission listing per space for all three lists');
    assert.ok(
      first.groups.some((g) => (g.attributes as { spacePermissions: string[] }).spacePermissions.length > 0),
    );

    // Every kind has had the scan now, so the next round reads afresh: what each list says alone.
    await fixture.control('DELETE', '/counters');
    const again = await read();
    assert.equal(await listings(), spaces);
    assert.deepEqual(again, first);
  });

  test('in any order; a list asked twice reads again', async () => {
    await collect(connector.listEntitlements('space'));
    await fixture.control('DELETE', '/counters');
    await collect(connector.listEntitlements('space'));
    assert.equal(await listings(), spaces, 'the same kind of list does not replay its own scan');
    await collect(connector.listEntitlements('group'));
    await collect(connector.listAccounts());
    assert.equal(await listings(), spaces, 'the group and accounts lists replayed it');
  });

  test('a space-permission write drops the kept scan: the next list reads afresh and shows it', async () => {
    const ids = confluenceAccountIds(emulator);
    const space = [...emulator.state.spaces.values()].find(
      (s) => s.type === 'global' && s.status === 'current',
    );
    assert.ok(space);
    const accountId = [...ids].find(
      (id) =>
        emulator.state.accounts.get(id)?.accountStatus === 'active' &&
        !space.permissions.some((p) => p.principal.type === 'user' && p.principal.id === id),
    );
    assert.ok(accountId);
    await collect(connector.listAccounts());
    await connector.updateAccount(accountId, [
      { op: 'Add', attribute: 'spacePermissions', value: `${space.key}:view` },
    ]);
    await fixture.control('DELETE', '/counters');
    const listed = (await collect(connector.listEntitlements('space'))).items as SpaceEntitlement[];
    assert.equal(await listings(), spaces);
    const grants = listed.find((s) => s.key === space.key)?.attributes.grants ?? [];
    assert.ok(grants.some((g) => g.principal.type === 'user' && g.principal.accountKey === accountId));
  });
});

describe('an aggregation run lists each space permission once', async () => {
  test('full run into SQLite: one permission listing per stored space', async () => {
    const loop = await startLoop('sqlite');
    try {
      const url = loop.emulator.url;
      await fetch(`${url}/_emulator/counters`, { method: 'DELETE' });
      await loop.gov.aggregation.aggregate('test');
      const counters = (await (await fetch(`${url}/_emulator/counters`)).json()) as Counters;
      const stored = await loop.store.store.transaction((tx) => tx.entitlements.list());
      const storedSpaces = stored.filter((e) => e.type === 'space').length;
      assert.ok(storedSpaces > 0);
      assert.equal(counters.endpoints[PERMISSIONS], storedSpaces);
    } finally {
      await loop.close();
    }
  });
});
