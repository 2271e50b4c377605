import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarize } from '../state/cloud/summary.ts';
import { seedSite } from './seed.ts';

describe('seedSite', () => {
  test('the same size and seed give the same site, another seed another site', () => {
    const a = seedSite({ size: 'small', seed: 3 });
    const b = seedSite({ size: 'small', seed: 3 });
    const c = seedSite({ size: 'small', seed: 4 });
    assert.deepEqual(summarize(a), summarize(b));
    assert.deepEqual([...a.accounts.keys()], [...b.accounts.keys()]);
    assert.deepEqual(a.credentials.siteApiToken, b.credentials.siteApiToken);
    assert.notDeepEqual([...a.accounts.keys()], [...c.accounts.keys()]);
  });

  test('has the shapes real sites have', () => {
    const state = seedSite({ size: 'medium', seed: 1 });
    const accounts = [...state.accounts.values()];
    const people = accounts.filter((a) => a.accountType === 'atlassian');
    const withConfluence = people.filter((a) => state.hasProduct(a.accountId, 'confluence'));
    const jiraOnly = people.filter(
      (a) => !state.hasProduct(a.accountId, 'confluence') && state.hasProduct(a.accountId, 'jira-software'),
    );
    assert.equal(people.length, 5_000);
    assert.ok(withConfluence.length > 2_500 && withConfluence.length < 4_000, `${withConfluence.length}`);
    assert.ok(jiraOnly.length > 500, 'some accounts are Jira-only');
    assert.ok(
      people.some((a) => a.guest && state.hasProduct(a.accountId, 'confluence')),
      'guests',
    );
    assert.ok(
      people.some((a) => a.accountStatus === 'inactive'),
      'deactivated accounts',
    );
    assert.ok(
      accounts.some((a) => a.accountType === 'app'),
      'app accounts',
    );
    assert.ok(
      people.some((a) => a.managerAccountId !== null),
      'managers',
    );

    const groups = [...state.groups.values()];
    assert.equal(groups.length, 300);
    assert.ok(
      groups.some((g) => g.productGrants.length === 0),
      'groups that carry no product',
    );
    const viaCustomerGroup = groups.filter(
      (g) =>
        g.name !== state.defaultGroupName('user') && g.productGrants.some((p) => p.product === 'confluence'),
    );
    assert.ok(viaCustomerGroup.length > 3, 'customer groups given the Confluence role');

    const spaces = [...state.spaces.values()];
    assert.equal(spaces.length, 500);
    assert.ok(
      spaces.some((s) => s.type === 'personal' && s.key === `~${s.authorId}`),
      'personal spaces',
    );
    assert.ok(
      spaces.some((s) => s.status === 'archived'),
      'archived spaces',
    );
    const principals = spaces.flatMap((s) => s.permissions.map((p) => p.principal.type));
    for (const type of ['user', 'group', 'anonymous']) assert.ok(principals.includes(type as never), type);
    const sizes = spaces.map((s) => s.permissions.length).sort((x, y) => x - y);
    assert.ok((sizes.at(-1) ?? 0) > 4 * (sizes[Math.floor(sizes.length / 2)] ?? 0), 'a long tail');
  });

  test('every space has an administrator and View for each principal holding anything', () => {
    const state = seedSite({ size: 'small', seed: 9 });
    for (const space of state.spaces.values()) {
      assert.ok(
        space.permissions.some((p) => p.key === 'administer'),
        space.key,
      );
      const holders = new Set(space.permissions.map((p) => JSON.stringify(p.principal)));
      for (const holder of holders) {
        assert.ok(
          space.permissions.some((p) => JSON.stringify(p.principal) === holder && p.key === 'read'),
          `${space.key} ${holder} holds permissions without View`,
        );
      }
    }
  });

  test('guests hold permissions in one space at most, never Restrictions, Export or Admin', () => {
    const state = seedSite({ size: 'medium', seed: 2 });
    const guestSpaces = new Map<string, Set<string>>();
    for (const space of state.spaces.values()) {
      for (const permission of space.permissions) {
        if (permission.principal.type !== 'user') continue;
        if (state.accounts.get(permission.principal.id)?.guest !== true) continue;
        assert.ok(!['administer', 'export', 'restrict_content'].includes(permission.key), space.key);
        const spaces = guestSpaces.get(permission.principal.id) ?? new Set();
        guestSpaces.set(permission.principal.id, spaces.add(space.key));
      }
    }
    assert.ok(guestSpaces.size > 0, 'some guests are invited to a space');
    for (const [accountId, spaces] of guestSpaces) assert.equal(spaces.size, 1, accountId);
  });
});
