import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/emulator.ts';
import { responseProblems } from '../helpers/spec-conformance.ts';
import { unexplained } from './deviations.ts';

let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ size: 'small', seed: 3 });
});
beforeEach(() => emulator.reset());
after(() => emulator.close());

type Json = Record<string, unknown>;

/** One authenticated request whose answer must conform to Atlassian's OpenAPI document. */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const { email, apiToken } = emulator.connectorConfig().site;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const response = await fetch(`${emulator.url}${path}`, init);
  const text = await response.text();
  const parsed = (text === '' ? undefined : JSON.parse(text)) as Json;
  const spec = path.startsWith('/wiki/api/v2/') ? 'confluence-v2' : 'confluence-v1';
  const problems = unexplained(spec, await responseProblems(spec, method, path, response.status, parsed));
  assert.deepEqual(problems, [], `${method} ${path} ${response.status}`);
  return { status: response.status, body: parsed };
}

const results = (answer: { body: Json }): Json[] => answer.body.results as Json[];

/** Every page of a v1 list, followed through `_links.next`. */
async function walk(path: string): Promise<Json[]> {
  const all: Json[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const answer = await call('GET', next);
    assert.equal(answer.status, 200);
    all.push(...results(answer));
    const link = (answer.body._links as Json).next as string | undefined;
    next = link === undefined ? undefined : `/wiki${link}`;
  }
  return all;
}

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
    const logged = emulator.state.writeLog.length;
    const path = `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`;
    assert.equal((await call('POST', path, { accountId })).status, 201);
    assert.ok(group.members.has(accountId));
    assert.equal((await call('POST', path, { accountId })).status, 201);
    const entries = emulator.state.writeLog.slice(logged);
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

  test('removing a member is 204 and logged; removing a non-member is 204 and logs nothing', async () => {
    const group = emulator.state.groupByGroupName(emulator.state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    const [member] = [...group.members];
    assert.ok(member !== undefined);
    const path = `/wiki/rest/api/group/userByGroupId?groupId=${group.id}&accountId=${member}`;
    const logged = emulator.state.writeLog.length;
    assert.equal((await call('DELETE', path)).status, 204);
    assert.equal(group.members.has(member), false);
    assert.equal((await call('DELETE', path)).status, 204);
    const entries = emulator.state.writeLog.slice(logged);
    assert.deepEqual(
      entries.map((e) => [e.operation, e.accountIds]),
      [['group.member.remove', [member]]],
    );
  });
});

describe('v1 and v2 users', () => {
  test('one user by accountId with email and the guest flag; 404 for an unknown id', async () => {
    const guest = [...emulator.state.accounts.values()].find((a) => a.guest);
    assert.ok(guest !== undefined);
    const answer = await call('GET', `/wiki/rest/api/user?accountId=${guest.accountId}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.email, guest.email);
    assert.equal(answer.body.isExternalCollaborator, true);
    assert.equal((await call('GET', '/wiki/rest/api/user?accountId=nobody')).status, 404);
    const current = await call('GET', '/wiki/rest/api/user/current');
    assert.equal(current.body.email, emulator.connectorConfig().site.email);
  });

  test('bulk lookups in v1 and v2 skip unknown ids; memberof lists the groups', async () => {
    const ids = emulator.state.accountOrder.slice(0, 3);
    const v1 = await call(
      'GET',
      `/wiki/rest/api/user/bulk?${ids.map((id) => `accountId=${id}`).join('&')}&accountId=nobody`,
    );
    assert.deepEqual(
      results(v1).map((u) => u.accountId),
      ids,
    );
    const v2 = await call('POST', '/wiki/api/v2/users-bulk', { accountIds: [...ids, 'nobody'] });
    assert.deepEqual(
      results(v2).map((u) => u.accountId),
      ids,
    );
    assert.equal((await call('POST', '/wiki/api/v2/users-bulk', { accountIds: [] })).status, 400);
    const first = ids[0] ?? '';
    const groups = await walk(`/wiki/rest/api/user/memberof?accountId=${first}`);
    assert.deepEqual(
      groups.map((g) => g.id).sort(),
      emulator.state
        .groupsOf(first)
        .map((g) => g.id)
        .sort(),
    );
  });

  test('CQL search returns licensed users by default, guests or everyone on request', async () => {
    const state = emulator.state;
    const licensed = state.accountOrder.filter((id) => {
      const a = state.accounts.get(id);
      return (
        a !== undefined && a.accountStatus === 'active' && !a.guest && state.hasProduct(id, 'confluence')
      );
    });
    const found = await walk('/wiki/rest/api/search/user?cql=type%3Duser&limit=10');
    assert.deepEqual(
      found.map((r) => (r.user as Json).accountId),
      licensed,
    );
    const guests = await walk(
      '/wiki/rest/api/search/user?cql=type=user&sitePermissionTypeFilter=externalCollaborator',
    );
    assert.ok(guests.length > 0 && guests.every((r) => (r.user as Json).isExternalCollaborator === true));
    const all = await walk('/wiki/rest/api/search/user?cql=type=user&sitePermissionTypeFilter=all&limit=100');
    assert.ok(all.length > licensed.length);
  });

  test('losing Confluence access through a group removes a user from the licensed search at once', async () => {
    const state = emulator.state;
    const group = state.groupByGroupName(state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    const accountId = [...group.members].find(
      (id) =>
        state.groupsOf(id).filter((g) => g.productGrants.some((p) => p.product === 'confluence')).length ===
        1,
    );
    assert.ok(accountId !== undefined);
    const path = `/wiki/rest/api/search/user?cql=${encodeURIComponent(`user.accountid="${accountId}"`)}`;
    assert.equal(results(await call('GET', path)).length, 1);
    const removed = await call(
      'DELETE',
      `/wiki/rest/api/group/userByGroupId?groupId=${group.id}&accountId=${accountId}`,
    );
    assert.equal(removed.status, 204);
    assert.equal(results(await call('GET', path)).length, 0);
    const all = await call('GET', `${path}&sitePermissionTypeFilter=all`);
    assert.equal(results(all).length, 1);
  });

  test('CQL accountid, IN and fullname clauses select users; bad CQL is 400', async () => {
    const [a, b] = [...emulator.state.accounts.values()].filter(
      (x) => !x.guest && emulator.state.hasProduct(x.accountId, 'confluence') && x.accountStatus === 'active',
    );
    assert.ok(a !== undefined && b !== undefined);
    const q = (cql: string) => call('GET', `/wiki/rest/api/search/user?cql=${encodeURIComponent(cql)}`);
    assert.deepEqual(
      results(await q(`user.accountid="${a.accountId}"`)).map((r) => (r.user as Json).accountId),
      [a.accountId],
    );
    const both = results(await q(`type=user AND user IN ("${a.accountId}", "${b.accountId}")`));
    assert.equal(both.length, 2);
    const part = a.displayName.split(' ')[0]?.toLowerCase() ?? '';
    const byName = results(await q(`user.fullname~"${part}"`)).map(
      (r) => (r.user as Json).displayName as string,
    );
    assert.ok(byName.includes(a.displayName) && byName.every((n) => n.toLowerCase().includes(part)));
    for (const bad of ['space = DEV', 'user.accountid ~ "x"', 'user IN (', 'type=user AND', '']) {
      assert.equal((await q(bad)).status, 400, bad);
    }
  });
});
