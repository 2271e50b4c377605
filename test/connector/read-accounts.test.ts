import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
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

  test('SCIM pages leave out group references and meta, unless a configured SCIM extra reads them', async () => {
    const listScim = async (config: Record<string, unknown>) => {
      const queries: URLSearchParams[] = [];
      const recording: typeof fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname.endsWith('/Users') && (init?.method ?? 'GET') === 'GET')
          queries.push(url.searchParams);
        return fetch(input, init);
      };
      const reader = createConnector(parseConnectorConfig({ ...fixture.config, ...config }), {
        fetch: recording,
      });
      return { ...(await collect(reader.listAccounts())), queries };
    };
    const plain = await listScim({});
    assert.ok(plain.queries.length > 0);
    for (const query of plain.queries) assert.equal(query.get('excludedAttributes'), 'groups,meta');

    const extras = [{ name: 'scimGroups', source: 'scim', path: 'groups' }];
    const withGroups = await listScim({ extraAttributes: extras });
    for (const query of withGroups.queries) assert.equal(query.get('excludedAttributes'), 'meta');
    const inGroups = withGroups.items.filter(
      (item) => Array.isArray(item.attributes.scimGroups) && item.attributes.scimGroups.length > 0,
    );
    assert.ok(inGroups.length > 0, 'an extra on `groups` still gets them');
  });
});
