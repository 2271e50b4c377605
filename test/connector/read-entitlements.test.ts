import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collect, startFixture } from './fixture.ts';

// What every flavour must read (which groups and spaces, options, grants, delta) is in the
// contract suite (contract/reads.ts); these are Cloud's own: product roles, space types, personal spaces.
describe('Cloud connector: reading entitlements', async () => {
  const { emulator, connector } = await startFixture({ size: 'small', seed: 5 });
  const { state } = emulator;

  test('a group carries the Confluence role its product grant gives (admin wins over user)', async () => {
    const { items } = await collect(connector.listEntitlements('group'));
    const roles = new Set<string>();
    for (const item of items) {
      assert.equal(item.type, 'group');
      if (item.type !== 'group') continue;
      const grants =
        state.groups.get(item.key)?.productGrants.filter((g) => g.product === 'confluence') ?? [];
      const expected = grants.some((g) => g.role === 'admin') ? 'admin' : grants[0]?.role;
      assert.equal(item.attributes.role, expected, item.key);
      roles.add(item.attributes.role);
    }
    assert.ok(roles.has('user') && roles.has('admin'), 'the seed has user and admin groups');
  });

  test('a space carries its Cloud type and status', async () => {
    const { items } = await collect(connector.listEntitlements('space'));
    for (const item of items) {
      if (item.type !== 'space') continue;
      const space = state.spaceByKeyName(item.key);
      assert.equal(item.attributes.spaceType, space?.type);
      assert.equal(item.attributes.status, space?.status);
    }
  });

  test('personal spaces can be skipped by configuration', async () => {
    const skipping = await startFixture({ size: 'small', seed: 5, config: { skipPersonalSpaces: true } });
    const { items } = await collect(skipping.connector.listEntitlements('space'));
    const global = [...state.spaces.values()].filter((space) => space.type !== 'personal');
    assert.ok(global.length < state.spaces.size, 'the seed has personal spaces');
    assert.deepEqual(new Set(items.map((item) => item.key)), new Set(global.map((space) => space.key)));
  });
});
