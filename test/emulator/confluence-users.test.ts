import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { results, walkV1 } from '../helpers/confluence-lists.ts';
import { confluenceClient, type Json } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 3, resetEachTest: true });
const call = confluenceClient(emulator);
const walk = (path: string) => walkV1(call, path);

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
