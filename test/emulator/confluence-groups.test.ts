import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { results, walkV1 } from '../helpers/confluence-lists.ts';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { useEmulator, watchWrites } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 3, resetEachTest: true });
const call = confluenceClient(emulator);
const walk = (path: string) => walkV1(call, path);

/** A fresh group created through the API: the seed's product-less groups are mostly IdP-synced. */
async function writableGroup(): Promise<{ id: string; members: Set<string> }> {
  const created = await call('POST', '/wiki/rest/api/group', { name: `team-${emulator.state.groups.size}` });
  assert.equal(created.status, 201);
  const group = emulator.state.groups.get(created.body.id as string);
  assert.ok(group !== undefined);
  return group;
}

describe('v1 groups', () => {
  test('the list pages through every group sorted by name; accessType picks the Confluence roles', async () => {
    const names = (await walk('/wiki/rest/api/group?limit=5')).map((g) => g.name);
    assert.deepEqual(names, [...emulator.state.groups.values()].map((g) => g.name).sort());
    const users = (await walk('/wiki/rest/api/group?accessType=user')).map((g) => g.id);
    const expected = [...emulator.state.groups.values()].filter((g) =>
      g.productGrants.some((p) => p.product === 'confluence' && p.role === 'user'),
    );
    assert.deepEqual(users.sort(), expected.map((g) => g.id).sort());
    const admins = (await walk('/wiki/rest/api/group?accessType=admin')).map((g) => g.name);
    assert.deepEqual(admins, [emulator.state.defaultGroupName('admin')]);
    assert.deepEqual(
      (await walk('/wiki/rest/api/group?accessType=site-admin')).map((g) => g.name),
      ['site-admins'],
    );
  });

  test('by-id, picker, and members paged with a 200 maximum', async () => {
    const group = emulator.state.groupByGroupName(emulator.state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    const one = await call('GET', `/wiki/rest/api/group/by-id?id=${group.id}`);
    assert.deepEqual([one.status, one.body.name, one.body.type], [200, group.name, 'group']);
    assert.equal((await call('GET', '/wiki/rest/api/group/by-id?id=nope')).status, 404);
    const picked = await call('GET', '/wiki/rest/api/group/picker?query=CONFLUENCE-USERS');
    assert.deepEqual(
      results(picked).map((g) => g.name),
      [group.name],
    );
    const members = await walk(`/wiki/rest/api/group/${group.id}/membersByGroupId?limit=7`);
    assert.deepEqual(
      members.map((m) => m.accountId),
      [...group.members],
    );
    assert.equal(
      (await call('GET', `/wiki/rest/api/group/${group.id}/membersByGroupId?limit=201`)).status,
      400,
    );
  });

  test('create is 201, a duplicate name is 400, delete by id is 204 then 404', async () => {
    const created = await call('POST', '/wiki/rest/api/group', { name: 'emulated-new-group' });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal(emulator.state.groups.get(id)?.name, 'emulated-new-group');
    assert.equal((await call('POST', '/wiki/rest/api/group', { name: 'emulated-new-group' })).status, 400);
    assert.equal((await call('POST', '/wiki/rest/api/group', { title: 'x' })).status, 400);
    assert.equal((await call('DELETE', `/wiki/rest/api/group/by-id?id=${id}`)).status, 204);
    assert.equal(emulator.state.groups.has(id), false);
    assert.equal((await call('DELETE', `/wiki/rest/api/group/by-id?id=${id}`)).status, 404);
  });

  test('adding a member is 201 and logs that account; re-adding is 201 and logs nothing', async () => {
    const group = await writableGroup();
    const accountId = emulator.state.accountOrder.find((id) => !group.members.has(id));
    assert.ok(accountId !== undefined);
    const writes = watchWrites(emulator);
    const path = `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`;
    assert.equal((await call('POST', path, { accountId })).status, 201);
    assert.ok(group.members.has(accountId));
    assert.equal((await call('POST', path, { accountId })).status, 201);
    const entries = writes();
    assert.deepEqual(
      entries.map((e) => [e.operation, e.accountIds]),
      [['group.member.add', [accountId]]],
    );
  });

  test('member writes refuse unknown groups and accounts, bad bodies and IdP-synced groups', async () => {
    const group = await writableGroup();
    const accountId = emulator.state.accountOrder[1] ?? '';
    assert.equal(
      (await call('POST', '/wiki/rest/api/group/userByGroupId?groupId=nope', { accountId })).status,
      404,
    );
    assert.equal(
      (await call('POST', `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`, { accountId: 'nobody' }))
        .status,
      404,
    );
    assert.equal(
      (await call('POST', `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`, { id: accountId }))
        .status,
      400,
    );
    const synced = [...emulator.state.groups.values()].find((g) => g.scimId !== null);
    assert.ok(synced !== undefined);
    assert.equal(
      (await call('POST', `/wiki/rest/api/group/userByGroupId?groupId=${synced.id}`, { accountId })).status,
      403,
    );
  });

  test('group writes need a site admin: without site-admins membership they are 403 and write nothing', async () => {
    const state = emulator.state;
    const admins = state.groupByGroupName('site-admins');
    const caller = state.accountByEmailAddress(emulator.connectorConfig().site.email);
    assert.ok(admins !== undefined && caller !== undefined);
    const group = await writableGroup();
    state.removeMember(admins.id, caller.accountId, { api: 'control', request: 'test' });
    const writes = watchWrites(emulator);
    const target = state.accountOrder.find((id) => !group.members.has(id)) ?? '';
    assert.equal((await call('POST', '/wiki/rest/api/group', { name: 'not-allowed' })).status, 403);
    const add = await call('POST', `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`, {
      accountId: target,
    });
    assert.equal(add.status, 403);
    assert.equal((await call('DELETE', `/wiki/rest/api/group/by-id?id=${group.id}`)).status, 403);
    assert.deepEqual(writes(), []);
    assert.equal(group.members.has(target), false);
  });

  test('removing a member is 204 and logged; removing a non-member is 204 and logs nothing', async () => {
    const group = emulator.state.groupByGroupName(emulator.state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    const [member] = [...group.members];
    assert.ok(member !== undefined);
    const path = `/wiki/rest/api/group/userByGroupId?groupId=${group.id}&accountId=${member}`;
    const writes = watchWrites(emulator);
    assert.equal((await call('DELETE', path)).status, 204);
    assert.equal(group.members.has(member), false);
    assert.equal((await call('DELETE', path)).status, 204);
    const entries = writes();
    assert.deepEqual(
      entries.map((e) => [e.operation, e.accountIds]),
      [['group.member.remove', [member]]],
    );
  });
});
