import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DC_VERSIONS } from '../../src/emulator/index.ts';
import { allPages, useDcEmulator } from '../helpers/dc-emulator.ts';

type Person = { type: string; username: string; userKey: string; displayName: string; status?: string };

for (const version of DC_VERSIONS) {
  describe(`Data Center ${version}: users and groups (reference §3, §4)`, () => {
    const dc = useDcEmulator({ dcVersion: version, size: 'small', seed: 3 });

    test('a user reads the same by username and by key, in the Person shape, with no email', async () => {
      const user = [...dc.state.accounts.values()][5];
      assert.ok(user);
      const byName = (await (await dc.rest(`/rest/api/user?username=${user.username}`)).json()) as Person;
      const byKey = (await (
        await dc.rest(`/rest/api/user?key=${user.userKey}&expand=status`)
      ).json()) as Person;
      assert.deepEqual(Object.keys(byName).sort(), [
        '_expandable',
        '_links',
        'displayName',
        'profilePicture',
        'type',
        'userKey',
        'username',
      ]);
      assert.equal(byName.type, 'known');
      assert.equal(byKey.username, user.username);
      assert.equal(byKey.status, user.active ? 'Active' : 'Deactivated');
      const missing = await dc.rest('/rest/api/user?username=nobody-here');
      assert.equal(missing.status, 404);
      assert.deepEqual(Object.keys((await missing.json()) as object).sort(), [
        'data',
        'message',
        'reason',
        'statusCode',
      ]);
    });

    test('groups and members page by start/limit and _links.next to exactly what the instance holds', async () => {
      const groups = await allPages<{ name: string }>(dc, '/rest/api/group?limit=5');
      assert.deepEqual(
        groups.map((g) => g.name).sort(),
        [...dc.state.groups.values()].map((g) => g.name).sort(),
      );
      const group = dc.state.groupByGroupName('confluence-users');
      assert.ok(group);
      const members = await allPages<Person>(
        dc,
        '/rest/api/group/confluence-users/member?limit=4&expand=status',
      );
      assert.deepEqual(members.map((m) => m.userKey).sort(), [...group.members].sort());
      const huge = (await (await dc.rest('/rest/api/group?limit=5000')).json()) as { limit: number };
      assert.equal(huge.limit, 200, 'limit is capped silently');
    });

    test('memberof lists a user’s groups as Group objects', async () => {
      const admin = dc.state.userByUsername('admin');
      assert.ok(admin);
      const groups = await allPages<{ type: string; name: string }>(
        dc,
        `/rest/api/user/memberof?key=${admin.userKey}`,
      );
      assert.deepEqual(groups.map((g) => g.name).sort(), ['confluence-administrators', 'confluence-users']);
      assert.ok(groups.every((g) => g.type === 'group'));
    });

    test('Basic with a wrong password is 401; a bad token is anonymous while anonymous access is on (CONFSERVER-98199)', async () => {
      assert.equal(
        (await dc.rest('/rest/api/user/current', { auth: dc.basic('admin', 'wrong') })).status,
        401,
      );
      const anonymous = (await (
        await dc.rest('/rest/api/user/current', { auth: 'Bearer not-a-token' })
      ).json()) as Person;
      assert.equal(anonymous.type, 'anonymous');
      const pat = (await (
        await dc.rest('/rest/api/user/current', { auth: `Bearer ${dc.state.credentials.adminToken}` })
      ).json()) as Person;
      assert.equal(pat.username, 'admin');
      assert.equal(
        (await dc.rest('/rest/api/group', { auth: '' })).status,
        403,
        'anonymous may not list groups',
      );
    });

    test('a user without Can use is refused with 403', async () => {
      const outsider = [...dc.state.accounts.values()].find(
        (u) => u.active && !dc.state.hasGlobal(u.userKey, 'USECONFLUENCE'),
      );
      assert.ok(outsider, 'the seed has active users without Can use');
      const response = await dc.rest('/rest/api/group', { auth: dc.basic(outsider.username) });
      assert.equal(response.status, 403);
    });

    test('/rest/api/user/list exists from 8.4 only and lists disabled users too', async () => {
      const response = await dc.rest('/rest/api/user/list?limit=500');
      if (version === '7.19') return assert.equal(response.status, 404);
      const users = await allPages<Person>(dc, '/rest/api/user/list?limit=20');
      assert.equal(users.length, dc.state.accounts.size);
    });
  });
}
