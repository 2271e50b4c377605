import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confluenceAccountIds, startFixture } from './fixture.ts';

interface Counters {
  total: number;
  endpoints: Record<string, number>;
}

/**
 * A targeted read (`getAccount(key, { spaces })`) lists permissions of the named spaces only, so a
 * fulfillment's read-back costs a few calls instead of one per space of the site.
 */
describe('Cloud connector: targeted reads', async () => {
  const fixture = await startFixture({ size: 'medium', seed: 4 });
  const { emulator, connector } = fixture;
  const counters = async (): Promise<Counters> => (await fixture.control('GET', '/counters')) as Counters;
  const permissionListings = (c: Counters): number =>
    c.endpoints['GET /wiki/api/v2/spaces/:id/permissions'] ?? 0;

  /** An account holding direct permissions in at least two spaces. */
  function holder(): { accountId: string; spaceKeys: string[] } {
    const ids = confluenceAccountIds(emulator);
    const bySpace = new Map<string, Set<string>>();
    for (const space of emulator.state.spaces.values()) {
      for (const p of space.permissions) {
        if (p.principal.type !== 'user' || !ids.has(p.principal.id)) continue;
        bySpace.set(p.principal.id, (bySpace.get(p.principal.id) ?? new Set()).add(space.key));
      }
    }
    const found = [...bySpace.entries()].find(([, keys]) => keys.size >= 2);
    assert.ok(found);
    return { accountId: found[0], spaceKeys: [...found[1]] };
  }

  test('reads only the named spaces, says so in scope, and agrees with the full read there', async () => {
    const { accountId, spaceKeys } = holder();
    const [first = '', second = ''] = spaceKeys;
    const full = await connector.getAccount(accountId);
    assert.equal(full.scope, undefined);

    await fixture.control('DELETE', '/counters');
    const targeted = await connector.getAccount(accountId, { spaces: [first] });
    const calls = await counters();
    assert.equal(permissionListings(calls), 1);
    assert.ok(calls.total < 15, `${calls.total} calls`);
    assert.deepEqual(targeted.scope, { spaces: [first] });
    assert.deepEqual(
      targeted.attributes.spacePermissions.sort(),
      full.attributes.spacePermissions.filter((v) => v.startsWith(`${first}:`)).sort(),
    );
    assert.ok(!targeted.attributes.spacePermissions.some((v) => v.startsWith(`${second}:`)));
    assert.deepEqual(targeted.attributes.groups.sort(), full.attributes.groups.sort());
  });

  test('reads of one account a moment apart list the Confluence-carrying groups once', async () => {
    const { accountId, spaceKeys } = holder();
    await connector.getAccount(accountId, { spaces: spaceKeys.slice(0, 1) });
    await fixture.control('DELETE', '/counters');
    await connector.getAccount(accountId, { spaces: spaceKeys.slice(0, 1) });
    const calls = await counters();
    assert.equal(calls.endpoints['GET /wiki/rest/api/group'] ?? 0, 0, 'the carrying groups are reused');
    assert.equal(
      calls.endpoints['GET /wiki/rest/api/user/memberof'],
      1,
      "the account's own groups are read afresh",
    );
  });

  test('no spaces reads none; an unknown space holds nothing', async () => {
    const { accountId } = holder();
    await fixture.control('DELETE', '/counters');
    const none = await connector.getAccount(accountId, { spaces: [] });
    assert.equal(permissionListings(await counters()), 0);
    assert.deepEqual(none.attributes.spacePermissions, []);
    const unknown = await connector.getAccount(accountId, { spaces: ['NOSUCHSPACE'] });
    assert.deepEqual(unknown.attributes.spacePermissions, []);
  });

  test("an update's read-back covers the spaces it touched only", async () => {
    const { accountId, spaceKeys } = holder();
    const space = [...emulator.state.spaces.values()].find(
      (s) => s.type === 'global' && s.status === 'current' && !spaceKeys.includes(s.key),
    );
    assert.ok(space);
    await fixture.control('DELETE', '/counters');
    const { changed, account } = await connector.updateAccount(accountId, [
      { op: 'Add', attribute: 'spacePermissions', value: `${space.key}:view` },
    ]);
    assert.equal(changed, true);
    assert.deepEqual(account.scope, { spaces: [space.key] });
    assert.deepEqual(account.attributes.spacePermissions, [`${space.key}:view`]);
    assert.ok(permissionListings(await counters()) <= 3, 'no scan of every space');
  });
});
