import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Group } from '../../src/emulator/index.ts';
import { errorCode, orgPath } from '../helpers/admin-bodies.ts';
import { adminClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 11, resetEachTest: true });
const call = adminClient(emulator);

const groupsPath = (suffix = '') => orgPath(emulator, `/directory/groups${suffix}`);

function groupNamed(name: string): Group {
  const group = emulator.state.groupByGroupName(name);
  assert.ok(group, name);
  return group;
}

function someAccountOutside(group: Group): string {
  const accountId = emulator.state.accountOrder.find((id) => !group.members.has(id));
  assert.ok(accountId);
  return accountId;
}

describe('emulated organization admin API: directory groups', () => {
  test('creates a group, refuses a second with the same name, and deletes it', async () => {
    const created = await call('POST', groupsPath(), {
      name: 'governed-readers',
      description: 'made by a test',
    });
    assert.equal(created.status, 200);
    const { groupId, message } = created.body as { groupId: string; message: string };
    assert.equal(message, 'Group governed-readers was created');
    assert.equal(emulator.state.groups.get(groupId)?.description, 'made by a test');
    const again = await call('POST', groupsPath(), { name: 'Governed-Readers' });
    assert.equal(again.status, 400);
    assert.equal(errorCode(again), 'ADMIN-400-4');
    const removed = await call('DELETE', groupsPath(`/${groupId}`));
    assert.equal(removed.status, 200);
    assert.equal(emulator.state.groups.has(groupId), false);
    assert.deepEqual(
      emulator.state.writeLog.map((entry) => [entry.operation, entry.api]),
      [
        ['group.create', 'admin'],
        ['group.delete', 'admin'],
      ],
    );
  });

  test('bad create bodies get ADMIN-400-24, never a 500 or Fastify’s body', async () => {
    for (const body of [
      '{"name":',
      '[]',
      '"text"',
      { description: 'no name' },
      { name: 42 },
      { name: '  ' },
    ]) {
      const reply = await call('POST', groupsPath(), body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply), 'ADMIN-400-24');
    }
    assert.equal(errorCode(await call('POST', groupsPath())), 'ADMIN-400-24');
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('adds and removes a member; the write log names exactly that account', async () => {
    const group = groupNamed(emulator.state.defaultGroupName('user'));
    const accountId = someAccountOutside(group);
    const added = await call('POST', groupsPath(`/${group.id}/memberships`), { account_id: accountId });
    assert.equal(added.status, 200);
    assert.equal(
      (added.body as { message: string }).message,
      `User ${accountId} was added to group ${group.id}`,
    );
    assert.equal(emulator.state.hasProduct(accountId, 'confluence'), true);
    const removed = await call('DELETE', groupsPath(`/${group.id}/memberships/${accountId}`));
    assert.equal(removed.status, 200);
    assert.equal(group.members.has(accountId), false);
    assert.deepEqual(
      emulator.state.writeLog.map((entry) => [entry.operation, entry.accountIds]),
      [
        ['group.member.add', [accountId]],
        ['group.member.remove', [accountId]],
      ],
    );
  });

  test('membership errors: unknown group, unknown user, bad body, synced group, org-admin group', async () => {
    const group = groupNamed(emulator.state.defaultGroupName('user'));
    const accountId = someAccountOutside(group);
    const unknownGroup = await call('POST', groupsPath('/no-such-group/memberships'), {
      account_id: accountId,
    });
    assert.deepEqual([unknownGroup.status, errorCode(unknownGroup)], [404, 'ADMIN-404-10']);
    const unknownUser = await call('POST', groupsPath(`/${group.id}/memberships`), { account_id: 'nobody' });
    assert.deepEqual([unknownUser.status, errorCode(unknownUser)], [404, 'ADMIN-404-8']);
    for (const body of [{}, { account_id: 7 }, { accountId }, '{bad json']) {
      const reply = await call('POST', groupsPath(`/${group.id}/memberships`), body);
      assert.deepEqual([reply.status, errorCode(reply)], [400, 'ADMIN-400-24'], JSON.stringify(body));
    }
    const synced = [...emulator.state.groups.values()].find((g) => g.scimId !== null && g.members.size > 0);
    assert.ok(synced);
    const outsider = someAccountOutside(synced);
    const addSynced = await call('POST', groupsPath(`/${synced.id}/memberships`), { account_id: outsider });
    assert.deepEqual([addSynced.status, errorCode(addSynced)], [403, 'ADMIN-403-5']);
    const member = [...synced.members][0];
    const removeSynced = await call('DELETE', groupsPath(`/${synced.id}/memberships/${member}`));
    assert.deepEqual([removeSynced.status, errorCode(removeSynced)], [403, 'ADMIN-403-5']);
    const admins = groupNamed('site-admins');
    const removeAdmin = await call(
      'DELETE',
      groupsPath(`/${admins.id}/memberships/${[...admins.members][0]}`),
    );
    assert.deepEqual([removeAdmin.status, errorCode(removeAdmin)], [403, 'ADMIN-403-5']);
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('deletion rules: default groups, admin groups, synced groups and unknown ids are refused', async () => {
    const site = emulator.state.site.siteName;
    const cases: Array<[string, number, string]> = [
      [emulator.state.defaultGroupName('user'), 403, 'ADMIN-403-6'],
      [`confluence-guests-${site}`, 403, 'ADMIN-403-6'],
      [emulator.state.defaultGroupName('admin'), 403, 'ADMIN-403-7'],
      ['site-admins', 403, 'ADMIN-403-7'],
    ];
    for (const [name, status, code] of cases) {
      const reply = await call('DELETE', groupsPath(`/${groupNamed(name).id}`));
      assert.deepEqual([reply.status, errorCode(reply)], [status, code], name);
    }
    const synced = [...emulator.state.groups.values()].find((g) => g.scimId !== null);
    assert.ok(synced);
    const syncedReply = await call('DELETE', groupsPath(`/${synced.id}`));
    assert.deepEqual([syncedReply.status, errorCode(syncedReply)], [403, 'ADMIN-403-5']);
    const unknown = await call('DELETE', groupsPath('/no-such-group'));
    assert.deepEqual([unknown.status, errorCode(unknown)], [404, 'ADMIN-404-10']);
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('deleting an ordinary group that carries Confluence takes the product from its members', async () => {
    const { state } = emulator;
    const created = await call('POST', groupsPath(), { name: 'contractors' });
    const { groupId } = created.body as { groupId: string };
    state.updateGroup(groupId, { productGrants: [{ product: 'confluence', role: 'user' }] }, null);
    const accountId = state.accountOrder.find((id) => !state.hasProduct(id, 'confluence'));
    assert.ok(accountId);
    await call('POST', groupsPath(`/${groupId}/memberships`), { account_id: accountId });
    assert.equal(state.hasProduct(accountId, 'confluence'), true);
    assert.equal((await call('DELETE', groupsPath(`/${groupId}`))).status, 200);
    assert.equal(state.hasProduct(accountId, 'confluence'), false);
    assert.deepEqual(state.writeLog.at(-1)?.accountIds, [accountId]);
  });
});
