import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DC_VERSIONS } from '../../src/emulator/index.ts';
import { useDcEmulator } from '../helpers/dc-emulator.ts';

const NEW_USER = {
  userName: 'new.hire',
  fullName: 'New Hire',
  email: 'new.hire@acme.example.com',
  password: 'pw-1',
};

for (const version of DC_VERSIONS) {
  describe(`Data Center ${version}: admin user and group writes (reference §5, §9, §10)`, () => {
    const dc = useDcEmulator({ dcVersion: version, size: 'small', seed: 4, resetEachTest: true });
    const rest8 = version !== '7.19';

    test('create, disable, enable and delete a user answer as the release does', async () => {
      const created = await dc.rest('/rest/api/admin/user', { method: 'POST', body: NEW_USER });
      if (!rest8) {
        assert.equal(created.status, 404, '7.19 has no admin user REST');
        assert.equal((await dc.rest('/rest/api/admin/user/admin/disable', { method: 'PUT' })).status, 404);
        return;
      }
      assert.equal(created.status, 201);
      const { userKey } = (await created.json()) as { userKey: string };
      assert.equal(dc.state.accounts.get(userKey)?.username, 'new.hire');
      assert.equal(dc.state.groupsOf(userKey).length, 0, 'a created user joins no group');
      assert.equal((await dc.rest('/rest/api/admin/user', { method: 'POST', body: NEW_USER })).status, 409);
      for (let n = 0; n < 2; n++)
        assert.equal((await dc.rest('/rest/api/admin/user/new.hire/disable', { method: 'PUT' })).status, 204);
      assert.equal(dc.state.accounts.get(userKey)?.active, false);
      assert.equal((await dc.rest('/rest/api/admin/user/new.hire/enable', { method: 'PUT' })).status, 204);
      const deleted = await dc.rest('/rest/api/admin/user/new.hire', { method: 'DELETE' });
      assert.equal(deleted.status, 202);
      const task = (await deleted.json()) as { id: string; links: { status: string } };
      assert.match(task.links.status, /\/rest\/api\/longtask\//);
      assert.equal(dc.state.accounts.has(userKey), false);
      const ops = dc.state.writeLog.map((entry) => entry.operation);
      assert.deepEqual(ops, ['account.create', 'account.disable', 'account.enable', 'account.delete']);
    });

    test('create-user validation names the problem (upper case, blank name, bad email)', async (t) => {
      if (!rest8) return t.skip('no admin user REST on 7.19');
      for (const change of [
        { userName: 'Upper' },
        { fullName: ' ' },
        { email: 'nope' },
        { password: undefined },
      ]) {
        const response = await dc.rest('/rest/api/admin/user', {
          method: 'POST',
          body: { ...NEW_USER, ...change },
        });
        assert.equal(response.status, 400, JSON.stringify(change));
        assert.match(((await response.json()) as { message: string }).message, /BadRequestException/);
      }
    });

    test('updating a user exists only on 9.x', async () => {
      const response = await dc.rest('/rest/api/admin/user/admin', {
        method: 'PUT',
        body: { fullName: 'Ada A.' },
      });
      assert.equal(response.status, version === '9.2' ? 204 : 404);
    });

    test('group membership writes are idempotent, and a read-only LDAP directory refuses them', async (t) => {
      if (!rest8) return t.skip('no REST group writes on 7.19');
      const internal = [...dc.state.accounts.values()].find(
        (u) => u.directoryId === 1 && u.username !== 'admin',
      );
      const ldap = [...dc.state.accounts.values()].find(
        (u) =>
          u.directoryId === 2 &&
          u.active &&
          dc.state.groupByGroupName('ldap-staff')?.members.has(u.userKey) === true,
      );
      assert.ok(internal && ldap);
      const path = `/rest/api/user/${internal.username}/group/dept-eng`;
      for (let n = 0; n < 2; n++) assert.equal((await dc.rest(path, { method: 'PUT' })).status, 204);
      assert.equal(dc.state.writeLog.length, 1, 'the second add wrote nothing');
      assert.equal((await dc.rest(path, { method: 'DELETE' })).status, 204);
      const refused = await dc.rest(`/rest/api/user/${ldap.username}/group/ldap-staff`, { method: 'DELETE' });
      assert.equal(refused.status, dc.state.settings.readOnlyStatus);
      assert.match(((await refused.json()) as { message: string }).message, /read-only/);
      assert.equal(
        (await dc.rest(`/rest/api/admin/user/${ldap.username}/disable`, { method: 'PUT' })).status,
        403,
      );
    });

    test('group create needs type "group"; the last System Administrator group cannot be deleted', async (t) => {
      if (!rest8) return t.skip('no REST group writes on 7.19');
      const untyped = await dc.rest('/rest/api/admin/group', { method: 'POST', body: { name: 'x' } });
      assert.equal(untyped.status, 400);
      assert.equal(
        (
          await dc.rest('/rest/api/admin/group', {
            method: 'POST',
            body: { name: 'New-Team', type: 'group' },
          })
        ).status,
        200,
      );
      assert.ok(dc.state.groupByGroupName('new-team'));
      assert.equal(
        (
          await dc.rest('/rest/api/admin/group', {
            method: 'POST',
            body: { name: 'new-team', type: 'group' },
          })
        ).status,
        409,
      );
      assert.equal(
        (await dc.rest('/rest/api/admin/group/confluence-administrators', { method: 'DELETE' })).status,
        400,
      );
      assert.equal((await dc.rest('/rest/api/admin/group/new-team', { method: 'DELETE' })).status, 204);
    });

    test('a user who is not an administrator is refused admin writes with 403', async () => {
      const user = [...dc.state.accounts.values()].find(
        (u) =>
          u.active &&
          u.directoryId === 1 &&
          dc.state.hasGlobal(u.userKey, 'USECONFLUENCE') &&
          !dc.state.isAdmin(u.userKey),
      );
      assert.ok(user);
      const response = await dc.rest('/rest/api/admin/user/admin/disable', {
        method: 'PUT',
        auth: dc.basic(user.username),
      });
      assert.equal(response.status, rest8 ? 403 : 404);
    });
  });
}
