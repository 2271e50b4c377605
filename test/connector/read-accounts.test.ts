import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionForOperation } from '../../src/atlassian/cloud/operation-keys.ts';
import { spacePermissionValue } from '../../src/connector/index.ts';
import { accountWithoutConfluence, collect, confluenceAccountIds, startFixture } from './fixture.ts';

describe('Cloud connector: reading accounts', async () => {
  const fixture = await startFixture({ size: 'small', seed: 3 });
  const { emulator, connector } = fixture;
  const listed = await collect(connector.listAccounts());

  test('lists exactly the accounts with Confluence access, once each', () => {
    const keys = listed.items.map((account) => account.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(new Set(keys), confluenceAccountIds(emulator));
    assert.equal(listed.failures.length, 0);
  });

  test('attributes match the emulator: email, names, department, title, status, groups, direct permissions', () => {
    const { state } = emulator;
    for (const record of listed.items) {
      const account = state.accounts.get(record.key);
      assert.ok(account);
      const a = record.attributes;
      assert.equal(record.identity, account.email);
      assert.equal(a.email, account.email);
      assert.equal(a.status, account.accountStatus);
      assert.equal(record.disabled, account.accountStatus !== 'active');
      assert.equal(a.displayName, account.displayName);
      if (account.scim !== null) {
        assert.equal(a.firstName, account.givenName);
        assert.equal(a.lastName, account.familyName);
        assert.equal(a.department, account.department);
        assert.equal(a.jobTitle, account.title);
      }
      const carrying = state
        .groupsOf(record.key)
        .filter((group) => group.productGrants.some((grant) => grant.product === 'confluence'))
        .map((group) => group.id)
        .sort();
      assert.deepEqual(a.groups, carrying);
      const direct = [...state.spaces.values()]
        .flatMap((space) =>
          space.permissions
            .filter((p) => p.principal.type === 'user' && p.principal.id === record.key)
            .map((p) => optionForOperation(p.key, p.target))
            .filter((option) => option !== undefined)
            .map((option) => spacePermissionValue(space.key, option)),
        )
        .sort();
      assert.deepEqual(a.spacePermissions, direct, `direct permissions of ${record.key}`);
    }
  });

  test('reports API calls per run, near what the page sizes allow', () => {
    const { stats } = listed.state;
    assert.equal(stats.items, listed.items.length);
    assert.ok(stats.apiCalls > 0);
    assert.equal(stats.retries, 0);
    const spaces = emulator.state.spaces.size;
    assert.ok(stats.apiCalls <= spaces + 30, `${stats.apiCalls} calls for ${spaces} spaces`);
  });

  test('getAccount returns the same record as the list', async () => {
    for (const record of listed.items.slice(0, 3)) {
      assert.deepEqual(await connector.getAccount(record.key), record);
    }
  });

  test('an account without Confluence is invisible: not_found on read', async () => {
    const outsider = accountWithoutConfluence(emulator);
    await assert.rejects(connector.getAccount(outsider), { code: 'not_found' });
    await assert.rejects(connector.getAccount('no-such-account'), { code: 'not_found' });
  });

  test('a second list with the saved state returns nothing when nothing changed', async () => {
    const again = await collect(connector.listAccounts({ state: listed.state.state }));
    assert.deepEqual(again.items, []);
    assert.deepEqual(again.removed, []);
    assert.equal(again.state.stats.items, listed.items.length);
  });
});
