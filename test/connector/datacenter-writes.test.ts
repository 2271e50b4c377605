import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type CallEvent, createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { DC_VERSIONS, startEmulator } from '../../src/emulator/index.ts';
import { dcTruth } from './flavours/datacenter.ts';

// What is Data Center's own beyond the shared contract: read-only directories, Delete Mail, the
// profile attributes no Data Center API writes.
for (const dcVersion of DC_VERSIONS) {
  describe(`Data Center ${dcVersion} writes`, async () => {
    const emulator = await startEmulator({
      flavor: 'datacenter',
      dcVersion,
      size: 'small',
      seed: 21,
      port: 0,
    });
    after(() => emulator.close());
    const calls: CallEvent[] = [];
    const connector = createConnector(
      parseConnectorConfig({ ...emulator.connectorConfig(), retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
      { onCall: (event) => calls.push(event) },
    );
    const truth = dcTruth(() => emulator.state);

    test('a membership change refused by the read-only LDAP directory is read_only_directory, sent once, nothing written', async () => {
      const { state } = emulator;
      const ldapMember = [...(state.groups.get('ldap-staff')?.members ?? [])].find(
        (key) => state.accounts.get(key)?.active === true,
      );
      assert.ok(ldapMember, 'the seed has an active LDAP member of ldap-staff');
      const before = state.writeLog.length;
      calls.length = 0;
      await assert.rejects(
        connector.updateAccount(ldapMember, [{ op: 'Remove', attribute: 'groups', value: 'ldap-staff' }]),
        { code: 'read_only_directory', retryable: false },
      );
      const writesSent = calls.filter((call) =>
        dcVersion === '7.19'
          ? call.path.startsWith('/confluence/rpc/') && call.method === 'POST'
          : call.method === 'DELETE',
      );
      assert.ok(writesSent.length >= 1);
      assert.equal(calls.filter((call) => call.attempt > 0).length, 0, 'not retried');
      assert.equal(state.writeLog.length, before);
      assert.ok(truth.isMember('ldap-staff', ldapMember));
    });

    test('Delete Mail is granted and revoked through Data Center (REMOVEMAIL)', async () => {
      const { accountKey, spaceKey } = truth.writableSubject();
      const granted = await connector.updateAccount(accountKey, [
        { op: 'Add', attribute: 'spacePermissions', value: `${spaceKey}:delete_mail` },
      ]);
      assert.equal(granted.changed, true);
      assert.deepEqual(truth.heldDirectly(spaceKey, accountKey), ['view', 'delete_mail']);
      await connector.updateAccount(accountKey, [
        { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:delete_mail` },
      ]);
      assert.deepEqual(truth.heldDirectly(spaceKey, accountKey), ['view']);
    });

    test('department, job title and names have no Data Center writer: unsupported before anything is read', async () => {
      const { accountKey } = truth.writableSubject();
      for (const attribute of ['department', 'jobTitle', 'firstName', 'lastName']) {
        await assert.rejects(connector.updateAccount(accountKey, [{ op: 'Set', attribute, value: 'x' }]), {
          code: 'unsupported',
        });
      }
    });

    test('create adds a new user to the product group, then it is an account; creating again adopts it', async () => {
      const created = await connector.createAccount({
        identity: 'new.person@acme.example.com',
        attributes: { displayName: 'New Person' },
      });
      assert.equal(created.identity, 'new.person@acme.example.com');
      assert.equal(created.attributes.username, 'new.person');
      assert.deepEqual(created.attributes.groups, ['confluence-users']);
      assert.ok(truth.accountKeys().has(created.key));
      const again = await connector.createAccount({
        identity: 'New.Person@acme.example.com',
        attributes: {},
      });
      assert.equal(again.key, created.key);
    });
  });
}
