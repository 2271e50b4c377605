import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PERMISSION_OPTIONS, type SpaceEntitlement } from '../../../src/connector/index.ts';
import { collect } from '../fixture.ts';
import type { FlavourFixture } from './flavour.ts';

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

/** Contract: account reads equal the site (who, what they hold), one by one as in the list. */
export function accountReadsEqualTheSite(flavour: FlavourFixture): void {
  describe(`${flavour.name} connector contract: account reads equal the site`, async () => {
    const { connector, truth } = await flavour.start({ seed: 3 });
    const listed = await collect(connector.listAccounts());

    test('lists exactly the accounts with Confluence access, once each', () => {
      const keys = listed.items.map((account) => account.key);
      assert.equal(new Set(keys).size, keys.length);
      assert.deepEqual(new Set(keys), truth.accountKeys());
      assert.equal(listed.failures.length, 0);
      assert.equal(listed.state.stats.items, listed.items.length);
    });

    test('each account: email, display name, status, groups and direct space permissions as the site holds them', () => {
      for (const record of listed.items) {
        const expected = truth.account(record.key);
        assert.ok(expected, record.key);
        const a = record.attributes;
        assert.equal(record.identity, expected.email);
        assert.equal(a.email, expected.email);
        assert.equal(a.displayName, expected.displayName);
        assert.equal(a.status, expected.status);
        assert.equal(record.disabled, expected.status !== 'active');
        assert.deepEqual(a.groups, expected.groups, `groups of ${record.key}`);
        assert.deepEqual(
          a.spacePermissions,
          expected.spacePermissions,
          `direct permissions of ${record.key}`,
        );
      }
    });

    test('getAccount returns the same record as the list', async () => {
      for (const record of listed.items.slice(0, 3)) {
        assert.deepEqual(await connector.getAccount(record.key), record);
      }
    });

    test('an account without Confluence is invisible: not_found on read', async () => {
      await assert.rejects(connector.getAccount(truth.accountWithoutConfluence()), { code: 'not_found' });
      await assert.rejects(connector.getAccount('no-such-account'), { code: 'not_found' });
    });

    test('a second list with the saved state returns nothing when nothing changed', async () => {
      const again = await collect(connector.listAccounts({ state: listed.state.state }));
      assert.deepEqual(again.items, []);
      assert.deepEqual(again.removed, []);
      assert.equal(again.state.stats.items, listed.items.length);
    });
  });
}

/** Contract: entitlement reads equal the site: carrying groups, spaces, their options and who holds what. */
export function entitlementReadsEqualTheSite(flavour: FlavourFixture): void {
  describe(`${flavour.name} connector contract: entitlement reads equal the site`, async () => {
    const { connector, truth } = await flavour.start({ seed: 5 });

    test('group entitlements are exactly the groups carrying Confluence, with the space permissions each holds', async () => {
      const { items, failures } = await collect(connector.listEntitlements('group'));
      assert.equal(failures.length, 0);
      const expected = truth.carryingGroups();
      assert.deepEqual(new Set(items.map((item) => item.key)), new Set(expected.keys()));
      for (const item of items) {
        assert.equal(item.type, 'group');
        if (item.type !== 'group') continue;
        assert.equal(item.attributes.name, expected.get(item.key)?.name);
        assert.deepEqual(item.attributes.spacePermissions, expected.get(item.key)?.spacePermissions);
      }
    });

    test('space entitlements: every space, the fifteen options with what this flavour manages, who holds what', async () => {
      const { items, failures, state: end } = await collect(connector.listEntitlements('space'));
      assert.equal(failures.length, 0);
      const spaces = truth.spaces();
      assert.deepEqual(new Set(items.map((item) => item.key)), new Set(spaces.keys()));
      let userHeld = 0;
      let groupHeld = 0;
      for (const item of items) {
        assert.equal(item.type, 'space');
        if (item.type !== 'space') continue;
        assert.equal(item.attributes.name, spaces.get(item.key)?.name);
        assert.deepEqual(
          item.attributes.options.map((option) => option.id),
          PERMISSION_OPTIONS.map((option) => option.id),
        );
        assert.deepEqual(
          item.attributes.options.filter((option) => !option.manageable).map((option) => option.id),
          [...flavour.unmanageable],
        );
        assert.deepEqual(connectorGrants(item), truth.spaceGrants(item.key));
        userHeld += item.attributes.grants.filter((g) => g.principal.type === 'user').length;
        groupHeld += item.attributes.grants.filter((g) => g.principal.type === 'group').length;
      }
      assert.ok(userHeld > 0 && groupHeld > 0, 'the seed has both user-held and group-held permissions');
      assert.equal(end.stats.items, items.length);
    });

    test('getEntitlement reads one group or space as the list does; other groups and unknown keys are not_found', async () => {
      const spaces = await collect(connector.listEntitlements('space'));
      const space = spaces.items[0];
      assert.ok(space);
      assert.deepEqual(await connector.getEntitlement('space', space.key), space);
      const groups = await collect(connector.listEntitlements('group'));
      const group = groups.items[0];
      assert.ok(group);
      assert.deepEqual(await connector.getEntitlement('group', group.key), group);
      await assert.rejects(connector.getEntitlement('group', truth.groupWithoutConfluence()), {
        code: 'not_found',
      });
      await assert.rejects(connector.getEntitlement('space', 'NOSUCHSPACE'), { code: 'not_found' });
    });

    test('delta: unchanged entitlements are not sent again', async () => {
      const first = await collect(connector.listEntitlements('space'));
      const second = await collect(connector.listEntitlements('space', { state: first.state.state }));
      assert.deepEqual(second.items, []);
      assert.deepEqual(second.removed, []);
    });
  });
}
