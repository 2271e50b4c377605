import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { directoryPath, errorCode } from '../helpers/admin-bodies.ts';
import { adminClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

// The v2 directory endpoints have no saved OpenAPI document: these tests pin the shapes of
// MrRefactoring/jira.js src/admin/models (generated from Atlassian's current spec) field by field.

const emulator = useEmulator({ size: 'small', seed: 5, resetEachTest: true });
const call = adminClient(emulator);

type Page = { data: Array<Record<string, unknown>>; links: { self?: string; prev?: string; next?: string } };

const USER_FIELDS = [
  'accountId',
  'accountType',
  'status',
  'accountStatus',
  'membershipStatus',
  'addedToOrg',
  'name',
  'nickname',
  'email',
  'claimStatus',
  'picture',
  'managementSource',
  'links',
];

describe('emulated organization admin API v2: directories, users and groups', () => {
  test('lists the one directory of the organization', async () => {
    const reply = await call('GET', `/admin/v2/orgs/${emulator.state.site.orgId}/directories`);
    assert.equal(reply.status, 200);
    assert.deepEqual(
      (reply.body as Page).data.map((d) => d.directoryId),
      [emulator.state.site.directoryId],
    );
  });

  test('user search by Confluence resource walks cursor pages and finds exactly the Confluence users', async () => {
    const { state } = emulator;
    const confluence = `ari:cloud:confluence::site/${state.site.cloudId}`;
    const seen: Array<Record<string, unknown>> = [];
    let reply = await call('POST', directoryPath(emulator, '/users/search'), {
      resourceIds: [confluence],
      expand: ['productAccess', 'groups'],
      limit: 10,
    });
    for (;;) {
      assert.equal(reply.status, 200);
      const page = reply.body as Page;
      assert.ok(page.data.length <= 10);
      seen.push(...page.data);
      if (page.links.next === undefined) break;
      assert.doesNotMatch(page.links.next, /^http/, 'v2 links carry cursors, not URLs');
      reply = await call('POST', directoryPath(emulator, '/users/search'), { cursor: page.links.next });
    }
    const expected = state.accountOrder.filter((id) => state.hasProduct(id, 'confluence'));
    assert.deepEqual(
      seen.map((user) => user.accountId),
      expected,
    );
    for (const user of seen) {
      for (const field of USER_FIELDS) assert.ok(field in user, `${field} in v2 user`);
      const products = (user.productAccess as Array<{ key: string }>).map((p) => p.key);
      assert.ok(products.includes('confluence'));
      assert.ok(Array.isArray(user.groups));
    }
  });

  test('prev cursors lead back through the same pages the next cursors led through', async () => {
    const forward: string[][] = [];
    let page = (await call('GET', directoryPath(emulator, '/users?claimStatus=managed&limit=7')))
      .body as Page;
    for (;;) {
      forward.push(page.data.map((u) => String(u.accountId)));
      if (page.links.next === undefined) break;
      page = (await call('GET', directoryPath(emulator, `/users?cursor=${page.links.next}`))).body as Page;
    }
    assert.ok(forward.length > 2);
    const backward: string[][] = [forward.at(-1) ?? []];
    while (page.links.prev !== undefined) {
      page = (await call('GET', directoryPath(emulator, `/users?cursor=${page.links.prev}`))).body as Page;
      backward.unshift(page.data.map((u) => String(u.accountId)));
    }
    assert.deepEqual(backward, forward);
    const managed = emulator.state.accountOrder.filter(
      (id) => emulator.state.accounts.get(id)?.managed === true,
    );
    assert.deepEqual(forward.flat(), managed);
  });

  test('GET user list filters by account status and claim status; bad input gets admin error codes', async () => {
    const { state } = emulator;
    const inactive = await call('GET', directoryPath(emulator, '/users?accountStatus=inactive&limit=100'));
    const expected = state.accountOrder.filter((id) => {
      const account = state.accounts.get(id);
      return account?.accountStatus === 'inactive' && account.accountType !== 'app';
    });
    assert.deepEqual(
      (inactive.body as Page).data.map((u) => u.accountId),
      expected,
    );
    const unmanaged = (await call('GET', directoryPath(emulator, '/users?claimStatus=unmanaged')))
      .body as Page;
    const guests = state.accountOrder.filter((id) => state.accounts.get(id)?.guest === true);
    assert.deepEqual(
      unmanaged.data.map((u) => u.accountId),
      guests,
    );
    const both = await call('POST', directoryPath(emulator, '/users/search'), {
      searchTerm: 'a',
      emails: ['x@y.z'],
    });
    assert.deepEqual([both.status, errorCode(both)], [400, 'ADMIN-400-24']);
    const tooMany = await call('GET', directoryPath(emulator, '/users?limit=101'));
    assert.deepEqual([tooMany.status, errorCode(tooMany)], [400, 'ADMIN-400-24']);
    const badCursor = await call('GET', directoryPath(emulator, '/users?cursor=nope'));
    assert.deepEqual([badCursor.status, errorCode(badCursor)], [400, 'ADMIN-400-1']);
    const { orgId } = state.site;
    const unknownDirectory = await call('GET', `/admin/v2/orgs/${orgId}/directories/not-ours/users`);
    assert.equal(unknownDirectory.status, 404);
  });

  test('suspend, restore and remove a directory user; status and membershipStatus follow', async () => {
    const { state } = emulator;
    const accountId = state.accountOrder.find(
      (id) => state.hasProduct(id, 'confluence') && id !== state.accountOrder[0],
    );
    assert.ok(accountId);
    const details = async () =>
      (
        (await call('GET', directoryPath(emulator, `/users/${accountId}`))).body as {
          data: Record<string, unknown>;
        }
      ).data;
    assert.equal((await details()).status, 'active');
    assert.equal((await call('POST', directoryPath(emulator, `/users/${accountId}/suspend`))).status, 204);
    assert.deepEqual(
      [(await details()).status, (await details()).membershipStatus],
      ['suspended', 'suspended'],
    );
    assert.equal(state.hasProduct(accountId, 'confluence'), false);
    assert.equal((await call('POST', directoryPath(emulator, `/users/${accountId}/restore`))).status, 204);
    assert.equal(state.hasProduct(accountId, 'confluence'), true);
    assert.equal((await call('DELETE', directoryPath(emulator, `/users/${accountId}`))).status, 204);
    assert.deepEqual(
      [(await details()).status, (await details()).membershipStatus],
      ['not_invited', 'no_membership'],
    );
    assert.ok(
      state.writeLog.every((entry) => entry.accountIds.length === 1 && entry.accountIds[0] === accountId),
    );
    const missing = await call('GET', directoryPath(emulator, '/users/nobody'));
    assert.deepEqual([missing.status, errorCode(missing)], [404, 'ADMIN-404-8']);
  });

  test('groups: filter by Confluence role, read role assignments, and the default group’s default role', async () => {
    const { state } = emulator;
    const confluence = `ari:cloud:confluence::site/${state.site.cloudId}`;
    const reply = await call('POST', directoryPath(emulator, '/groups/search'), {
      resourceIds: [confluence],
      roleIds: ['atlassian/user'],
      expand: ['counts.users'],
    });
    const expected = [...state.groups.values()]
      .filter((g) => g.productGrants.some((p) => p.product === 'confluence' && p.role === 'user'))
      .map((g) => g.id);
    const page = reply.body as Page;
    assert.deepEqual(
      page.data.map((g) => g.id),
      expected,
    );
    for (const group of page.data) {
      assert.equal(typeof (group.counts as { users: number }).users, 'number');
      assert.equal(group.directoryId, state.site.directoryId);
    }
    const users = state.groupByGroupName(state.defaultGroupName('user'));
    assert.ok(users);
    const roles = (await call('GET', directoryPath(emulator, `/groups/${users.id}/role-assignments`)))
      .body as Page;
    assert.deepEqual(roles.data, [
      {
        resourceId: confluence,
        resourceOwner: 'confluence',
        defaultRole: 'atlassian/user',
        roles: ['atlassian/user'],
      },
    ]);
    const detail = (await call('GET', directoryPath(emulator, `/groups/${users.id}`))).body as {
      data: Record<string, unknown>;
    };
    assert.deepEqual(detail.data.managementAccess, { deletable: false, modifiable: true, readable: true });
  });

  test('a user’s role assignments list each product role through groups, and org admin as a platform role', async () => {
    const { state } = emulator;
    const admin = state.accountOrder[0];
    assert.ok(admin);
    const confluence = `ari:cloud:confluence::site/${state.site.cloudId}`;
    const all = (await call('GET', directoryPath(emulator, `/users/${admin}/role-assignments`))).body as Page;
    const byOwner = new Map(all.data.map((a) => [a.resourceOwner, a]));
    const roles = (byOwner.get('confluence')?.roles ?? []) as string[];
    const expected = [
      ...new Set(
        state
          .productGrantsOf(admin)
          .filter((grant) => grant.product === 'confluence')
          .map((grant) => `atlassian/${grant.role}`),
      ),
    ];
    assert.deepEqual([...roles].sort(), [...expected].sort());
    assert.ok(roles.includes('atlassian/admin'));
    assert.deepEqual(byOwner.get('platform')?.roles, ['atlassian/org-admin']);
    assert.equal(byOwner.get('platform')?.directoryId, null);
    const filtered = (
      await call('GET', directoryPath(emulator, `/users/${admin}/role-assignments?resourceIds=${confluence}`))
    ).body as Page;
    assert.deepEqual(
      filtered.data.map((a) => a.resourceId),
      [confluence],
    );
  });

  test('groups: create, add and remove a member (camelCase accountId), delete; synced groups refused', async () => {
    const { state } = emulator;
    const created = await call('POST', directoryPath(emulator, '/groups'), {
      name: 'v2-team',
      description: 'from v2',
    });
    assert.equal(created.status, 201);
    const groupId = (created.body as { id: string }).id;
    const accountId = state.accountOrder[3];
    assert.ok(accountId);
    assert.equal(
      (await call('POST', directoryPath(emulator, `/groups/${groupId}/memberships`), { accountId })).status,
      204,
    );
    assert.equal(state.groups.get(groupId)?.members.has(accountId), true);
    const snake = await call('POST', directoryPath(emulator, `/groups/${groupId}/memberships`), {
      account_id: accountId,
    });
    assert.deepEqual([snake.status, errorCode(snake)], [400, 'ADMIN-400-24']);
    assert.equal(
      (await call('DELETE', directoryPath(emulator, `/groups/${groupId}/memberships/${accountId}`))).status,
      204,
    );
    assert.equal((await call('DELETE', directoryPath(emulator, `/groups/${groupId}`))).status, 204);
    assert.equal(state.groups.has(groupId), false);
    const synced = [...state.groups.values()].find((g) => g.scimId !== null);
    assert.ok(synced);
    const refused = await call('POST', directoryPath(emulator, `/groups/${synced.id}/memberships`), {
      accountId,
    });
    assert.deepEqual([refused.status, errorCode(refused)], [403, 'ADMIN-403-5']);
    const orgAdmins = state.groupByGroupName('site-admins');
    assert.ok(orgAdmins);
    const toOrgAdmins = await call('POST', directoryPath(emulator, `/groups/${orgAdmins.id}/memberships`), {
      accountId,
    });
    assert.deepEqual([toOrgAdmins.status, errorCode(toOrgAdmins)], [403, 'ADMIN-403-5']);
    assert.deepEqual(
      state.writeLog.map((entry) => [entry.operation, entry.accountIds]),
      [
        ['group.create', []],
        ['group.member.add', [accountId]],
        ['group.member.remove', [accountId]],
        ['group.delete', []],
      ],
    );
  });
});
