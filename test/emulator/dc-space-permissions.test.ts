import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DC_VERSIONS } from '../../src/emulator/index.ts';
import { allPages, useDcEmulator } from '../helpers/dc-emulator.ts';

type PermissionSet = {
  type: string;
  spacePermissions: Array<{ type: string; userName: string | null; groupName: string | null }>;
};

for (const version of DC_VERSIONS) {
  describe(`Data Center ${version}: spaces and space permissions (reference §6, §8)`, () => {
    const dc = useDcEmulator({ dcVersion: version, size: 'small', seed: 6, resetEachTest: true });

    test('spaces page by start/limit (25 by default) and filter by type', async () => {
      const first = (await (await dc.rest('/rest/api/space')).json()) as { limit: number };
      assert.equal(first.limit, 25);
      const all = await allPages<{ key: string; type: string }>(dc, '/rest/api/space?limit=4');
      assert.equal(all.length, dc.state.spaces.size, 'the administrator sees every space');
      const personal = await allPages<{ key: string }>(dc, '/rest/api/space?type=personal&limit=2');
      assert.ok(personal.length > 0 && personal.every((s) => s.key.startsWith('~')));
      assert.equal((await dc.rest('/rest/api/space?type=team')).status, 400);
    });

    test('getSpacePermissionSets reports users by username, groups by name and anonymous as two nulls', async () => {
      const space = [...dc.state.spaces.values()].find((s) =>
        s.permissions.some((p) => p.principal.type === 'anonymous'),
      );
      assert.ok(space, 'the seed grants anonymous View somewhere');
      const { status, body } = await dc.rpc('getSpacePermissionSets', [space.key]);
      assert.equal(status, 200);
      const sets = body.result as PermissionSet[];
      const rows = sets.flatMap((set) => set.spacePermissions);
      assert.equal(rows.length, space.permissions.length);
      assert.ok(rows.some((r) => r.type === 'VIEWSPACE' && r.userName === null && r.groupName === null));
    });

    test('addPermissionToSpace and removePermissionFromSpace resolve a username or a group name', async () => {
      const space = [...dc.state.spaces.values()].find((s) => s.type === 'global');
      assert.ok(space);
      for (const entity of ['dept-legal', 'admin']) {
        const added = await dc.rpc('addPermissionToSpace', ['EXPORTSPACE', entity, space.key]);
        assert.equal(added.body.result, true);
        const removed = await dc.rpc('removePermissionFromSpace', ['EXPORTSPACE', entity, space.key]);
        assert.equal(removed.body.result, true);
      }
      const ops = dc.state.writeLog.map((e) => `${e.api} ${e.operation}`);
      assert.ok(ops.filter((op) => op === 'json-rpc space.permission.add').length >= 1);
      const unknown = await dc.rpc('addPermissionToSpace', ['NOT_A_PERMISSION', 'admin', space.key]);
      assert.equal(unknown.status, 500);
      assert.match(String((unknown.body.error as { message: string }).message), /Unknown space permission/);
    });

    test('getActiveUsers(false) lists exactly the active users holding Can use; (true) lists everyone', async () => {
      const { state } = dc;
      const licensed = (await dc.rpc('getActiveUsers', [false])).body.result as string[];
      const expected = [...state.accounts.values()].filter((u) =>
        state.hasGlobal(u.userKey, 'USECONFLUENCE'),
      );
      assert.deepEqual([...licensed].sort(), expected.map((u) => u.username).sort());
      assert.ok(licensed.length < state.accounts.size, 'some users lack Can use');
      const everyone = (await dc.rpc('getActiveUsers', [true])).body.result as string[];
      assert.equal(everyone.length, state.accounts.size);
    });

    test('light mode takes a bare array; an LDAP membership write is refused as read-only', async () => {
      const staff = dc.state.groupByGroupName('ldap-staff');
      const ldap = [...dc.state.accounts.values()].find((u) => staff?.members.has(u.userKey) === true);
      assert.ok(ldap, 'the seed puts LDAP users in ldap-staff');
      const response = await dc.rest('/rpc/json-rpc/confluenceservice-v2/removeUserFromGroup', {
        method: 'POST',
        body: [ldap.username, 'ldap-staff'],
      });
      const light = await dc.rest('/rpc/json-rpc/confluenceservice-v2/getUserGroups', {
        method: 'POST',
        body: [ldap.username],
      });
      assert.equal(light.status, 200);
      assert.ok(((await light.json()) as { result: string[] }).result.length > 0);
      assert.equal(response.status, 500);
      assert.match(JSON.stringify(await response.json()), /ReadOnlyGroupException/);
    });

    test('the REST space permission API exists from 9.1: grant is additive, revoke skips what is missing', async () => {
      const space = [...dc.state.spaces.values()].find((s) => s.type === 'global');
      assert.ok(space);
      const base = `/rest/api/space/${space.key}/permissions`;
      const listed = await dc.rest(base);
      if (version !== '9.2') return assert.equal(listed.status, 404);
      const rows = (await listed.json()) as Array<{
        operation: { targetType: string; operationKey: string };
        subject: Record<string, string>;
      }>;
      assert.equal(rows.length, space.permissions.length);
      assert.ok(
        rows.every((r) =>
          r.subject.type === 'group'
            ? 'name' in r.subject
            : r.subject.type === 'user'
              ? 'userKey' in r.subject
              : true,
        ),
      );
      const ops = [
        { targetType: 'space', operationKey: 'export' },
        { targetType: 'comment', operationKey: 'delete' },
      ];
      assert.equal(
        (await dc.rest(`${base}/group/dept-legal/grant`, { method: 'PUT', body: ops })).status,
        204,
      );
      const held = (await (await dc.rest(`${base}/group/dept-legal`)).json()) as unknown[];
      assert.equal(held.length >= 2, true);
      assert.equal(
        (await dc.rest(`${base}/group/dept-legal/revoke`, { method: 'PUT', body: ops })).status,
        204,
      );
      assert.equal(
        (await dc.rest(`${base}/group/dept-legal/revoke`, { method: 'PUT', body: ops })).status,
        204,
      );
      assert.equal(
        (await dc.rest(`${base}/group/dept-legal`, { method: 'PUT', body: { operations: ops } })).status,
        404,
        'no write without /grant',
      );
      const bad = await dc.rest(`${base}/anonymous/grant`, {
        method: 'PUT',
        body: [{ targetType: 'page', operationKey: 'archive' }],
      });
      assert.equal(bad.status, 400);
      const admin = dc.state.userByUsername('admin');
      assert.ok(admin);
      const replaced = await dc.rest(base, {
        method: 'POST',
        body: [{ userKey: admin.userKey, operations: [{ targetType: 'space', operationKey: 'read' }] }],
      });
      assert.equal(replaced.status, 200);
      assert.deepEqual(
        space.permissions
          .filter((p) => p.principal.type === 'user' && p.principal.id === admin.userKey)
          .map((p) => p.type),
        ['VIEWSPACE'],
      );
    });
  });
}
