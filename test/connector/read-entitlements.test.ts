import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionForOperation } from '../../src/atlassian/cloud/operation-keys.ts';
import {
  PERMISSION_OPTIONS,
  type SpaceEntitlement,
  spacePermissionValue,
} from '../../src/connector/index.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { collect, startFixture } from './fixture.ts';

/** Who holds what in a space per the emulator, in the connector's `principal -> options` form. */
function truthGrants(emulator: RunningEmulator, spaceKey: string): Map<string, string[]> {
  const space = emulator.state.spaceByKeyName(spaceKey);
  assert.ok(space);
  const byPrincipal = new Map<string, string[]>();
  for (const permission of space.permissions) {
    const option = optionForOperation(permission.key, permission.target);
    if (option === undefined) continue;
    const who =
      permission.principal.type === 'anonymous'
        ? 'anonymous'
        : `${permission.principal.type}:${permission.principal.id}`;
    byPrincipal.set(who, [...(byPrincipal.get(who) ?? []), option]);
  }
  for (const [who, options] of byPrincipal) {
    byPrincipal.set(
      who,
      PERMISSION_OPTIONS.map((o) => o.id).filter((id) => options.includes(id)),
    );
  }
  return byPrincipal;
}

function connectorGrants(space: SpaceEntitlement): Map<string, string[]> {
  return new Map(
    space.attributes.grants.map((grant) => {
      const p = grant.principal;
      const who =
        p.type === 'user' ? `user:${p.accountKey}` : p.type === 'group' ? `group:${p.groupId}` : 'anonymous';
      return [who, [...grant.options]];
    }),
  );
}

describe('Cloud connector: reading entitlements', async () => {
  const { emulator, connector } = await startFixture({ size: 'small', seed: 5 });
  const { state } = emulator;

  test('group entitlements are exactly the groups carrying Confluence (user, admin or guest role)', async () => {
    const { items, failures } = await collect(connector.listEntitlements('group'));
    assert.equal(failures.length, 0);
    const expected = [...state.groups.values()].filter((group) =>
      group.productGrants.some((grant) => grant.product === 'confluence'),
    );
    assert.deepEqual(new Set(items.map((item) => item.key)), new Set(expected.map((group) => group.id)));
    for (const item of items) {
      assert.equal(item.type, 'group');
      if (item.type !== 'group') continue;
      const group = state.groups.get(item.key);
      assert.equal(item.attributes.name, group?.name);
      const role = group?.productGrants.find((grant) => grant.product === 'confluence')?.role;
      assert.equal(
        item.attributes.role,
        group?.productGrants.some((g) => g.product === 'confluence' && g.role === 'admin') ? 'admin' : role,
      );
      const held = [...state.spaces.values()]
        .flatMap((space) =>
          space.permissions
            .filter((p) => p.principal.type === 'group' && p.principal.id === item.key)
            .flatMap((p) => {
              const option = optionForOperation(p.key, p.target);
              return option === undefined ? [] : [spacePermissionValue(space.key, option)];
            }),
        )
        .sort();
      assert.deepEqual(item.attributes.spacePermissions, held);
    }
  });

  test('space entitlements: every space with its options and who holds what, directly and through groups', async () => {
    const { items, failures, state: end } = await collect(connector.listEntitlements('space'));
    assert.equal(failures.length, 0);
    assert.deepEqual(
      new Set(items.map((item) => item.key)),
      new Set([...state.spaces.values()].map((s) => s.key)),
    );
    let userHeld = 0;
    let groupHeld = 0;
    for (const item of items) {
      assert.equal(item.type, 'space');
      if (item.type !== 'space') continue;
      const space = state.spaceByKeyName(item.key);
      assert.equal(item.attributes.name, space?.name);
      assert.equal(item.attributes.spaceType, space?.type);
      assert.equal(item.attributes.status, space?.status);
      assert.equal(item.attributes.options.length, 15);
      assert.deepEqual(
        item.attributes.options.filter((option) => !option.manageable).map((option) => option.id),
        ['delete_mail'],
      );
      assert.deepEqual(connectorGrants(item), truthGrants(emulator, item.key));
      userHeld += item.attributes.grants.filter((g) => g.principal.type === 'user').length;
      groupHeld += item.attributes.grants.filter((g) => g.principal.type === 'group').length;
    }
    assert.ok(userHeld > 0 && groupHeld > 0, 'the seed has both user-held and group-held permissions');
    assert.equal(end.stats.items, items.length);
  });

  test('personal spaces can be skipped by configuration', async () => {
    const skipping = await startFixture({ size: 'small', seed: 5, config: { skipPersonalSpaces: true } });
    const { items } = await collect(skipping.connector.listEntitlements('space'));
    const global = [...state.spaces.values()].filter((space) => space.type !== 'personal');
    assert.ok(global.length < state.spaces.size, 'the seed has personal spaces');
    assert.deepEqual(new Set(items.map((item) => item.key)), new Set(global.map((space) => space.key)));
  });

  test('getEntitlement reads one group or space; other groups and unknown keys are not_found', async () => {
    const { items } = await collect(connector.listEntitlements('space'));
    const first = items[0];
    assert.ok(first);
    assert.deepEqual(await connector.getEntitlement('space', first.key), first);
    const groups = await collect(connector.listEntitlements('group'));
    const group = groups.items[0];
    assert.ok(group);
    assert.deepEqual(await connector.getEntitlement('group', group.key), group);
    const jiraOnly = [...state.groups.values()].find(
      (g) => !g.productGrants.some((grant) => grant.product === 'confluence'),
    );
    assert.ok(jiraOnly);
    await assert.rejects(connector.getEntitlement('group', jiraOnly.id), { code: 'not_found' });
    await assert.rejects(connector.getEntitlement('space', 'NOSUCHSPACE'), { code: 'not_found' });
  });

  test('delta: unchanged entitlements are not sent again', async () => {
    const first = await collect(connector.listEntitlements('space'));
    const second = await collect(connector.listEntitlements('space', { state: first.state.state }));
    assert.deepEqual(second.items, []);
    assert.deepEqual(second.removed, []);
  });
});
