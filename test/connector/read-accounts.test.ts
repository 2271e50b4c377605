import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collect, startFixture } from './fixture.ts';

// What every flavour must read (who, groups, direct permissions, delta) is in the contract suite
// (contract/reads.ts); these are Cloud's own: names from SCIM and the cost of a run.
describe('Cloud connector: reading accounts', async () => {
  const fixture = await startFixture({ size: 'small', seed: 3 });
  const { emulator, connector } = fixture;
  const listed = await collect(connector.listAccounts());

  test('names, department and title come from SCIM; accountId and the guest flag from Confluence', () => {
    const { state } = emulator;
    let fromScim = 0;
    for (const record of listed.items) {
      const account = state.accounts.get(record.key);
      assert.ok(account);
      const a = record.attributes;
      assert.equal(a.accountId, account.accountId);
      assert.equal(a.guest, account.guest);
      if (account.scim !== null) {
        fromScim++;
        assert.equal(a.firstName, account.givenName);
        assert.equal(a.lastName, account.familyName);
        assert.equal(a.department, account.department);
        assert.equal(a.jobTitle, account.title);
      }
    }
    assert.ok(fromScim > 0, 'the seed has accounts in the SCIM directory');
  });

  test('reports API calls per run, near what the page sizes allow', () => {
    const { stats } = listed.state;
    assert.equal(stats.items, listed.items.length);
    assert.ok(stats.apiCalls > 0);
    assert.equal(stats.retries, 0);
    const spaces = emulator.state.spaces.size;
    assert.ok(stats.apiCalls <= spaces + 30, `${stats.apiCalls} calls for ${spaces} spaces`);
  });
});
