import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { useEmulator, watchWrites } from '../helpers/emulator-site.ts';
import { grant, rowsOf, spaceAndOutsider } from '../helpers/space-permissions.ts';

const emulator = useEmulator({ size: 'small', seed: 11, resetEachTest: true });
const call = confluenceClient(emulator);

describe('guests', () => {
  test('a guest holds permissions in one space only, and never admin, export or restrictions', async () => {
    const state = emulator.state;
    const guest = [...state.accounts.values()].find((a) => a.guest && a.accountStatus === 'active');
    assert.ok(guest !== undefined);
    for (const space of state.spaces.values()) {
      const rows = space.permissions.filter(
        (p) => p.principal.type === 'user' && p.principal.id === guest.accountId,
      );
      if (rows.length > 0)
        state.removeSpacePermissions(
          rows.map((p) => p.id),
          null,
        );
    }
    const [first, second] = [...state.spaces.values()].filter((s) => s.type === 'global');
    assert.ok(first !== undefined && second !== undefined);
    const path = (key: string) => `/wiki/rest/api/space/${key}/permission`;
    assert.equal(
      (await call('POST', path(first.key), grant('user', guest.accountId, 'read', 'space'))).status,
      200,
    );
    assert.equal(
      (await call('POST', path(first.key), grant('user', guest.accountId, 'create', 'page'))).status,
      200,
    );
    for (const [key, target] of [
      ['administer', 'space'],
      ['export', 'space'],
      ['restrict_content', 'space'],
    ]) {
      const refused = await call(
        'POST',
        path(first.key),
        grant('user', guest.accountId, key as string, target as string),
      );
      assert.equal(refused.status, 400, key);
    }
    assert.equal(
      (await call('POST', path(second.key), grant('user', guest.accountId, 'read', 'space'))).status,
      400,
    );
    assert.equal(rowsOf(second, guest.accountId).length, 0);
  });
});

describe('removing a space permission', () => {
  test('one row is removed with 204 and logged against its account', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    await call('POST', path, grant('user', accountId, 'read', 'space'));
    const created = await call('POST', path, grant('user', accountId, 'create', 'page'));
    const writes = watchWrites(emulator);
    assert.equal((await call('DELETE', `${path}/${created.body.id}`)).status, 204);
    assert.deepEqual(
      rowsOf(space, accountId).map((p) => `${p.key}/${p.target}`),
      ['read/space'],
    );
    const entries = writes();
    assert.deepEqual(
      entries.map((e) => [e.operation, e.accountIds]),
      [['space.permission.remove', [accountId]]],
    );
  });

  test('revoking read/space removes every permission of that subject in the space', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const read = await call('POST', path, grant('user', accountId, 'read', 'space'));
    await call('POST', path, grant('user', accountId, 'create', 'page'));
    await call('POST', path, grant('user', accountId, 'export', 'space'));
    const others = space.permissions.length - 3;
    assert.equal((await call('DELETE', `${path}/${read.body.id}`)).status, 204);
    assert.equal(rowsOf(space, accountId).length, 0);
    assert.equal(space.permissions.length, others);
  });

  test('removing the last administer permission is 400 and removes nothing', async () => {
    const { space } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const admins = space.permissions.filter((p) => p.key === 'administer');
    assert.ok(admins.length >= 2);
    for (const row of admins.slice(0, -1))
      assert.equal((await call('DELETE', `${path}/${row.id}`)).status, 204);
    const last = admins.at(-1);
    assert.ok(last !== undefined);
    const before = space.permissions.length;
    const refused = await call('DELETE', `${path}/${last.id}`);
    assert.equal(refused.status, 400);
    const lastRead = space.permissions.find(
      (p) =>
        p.key === 'read' &&
        p.principal.type === last.principal.type &&
        'id' in p.principal &&
        'id' in last.principal &&
        p.principal.id === last.principal.id,
    );
    assert.ok(lastRead !== undefined);
    assert.equal(
      (await call('DELETE', `${path}/${lastRead.id}`)).status,
      400,
      'the read/space cascade would remove it too',
    );
    assert.equal(space.permissions.length, before);
  });

  test('an unknown id or space is 404; a non-numeric id is 400', async () => {
    const { space } = spaceAndOutsider(emulator);
    assert.equal((await call('DELETE', `/wiki/rest/api/space/${space.key}/permission/1`)).status, 404);
    const other = [...emulator.state.spaces.values()].find(
      (s) => s.id !== space.id && s.permissions.length > 0,
    );
    const foreign = other?.permissions[0];
    assert.ok(foreign !== undefined);
    assert.equal(
      (await call('DELETE', `/wiki/rest/api/space/${space.key}/permission/${foreign.id}`)).status,
      404,
    );
    assert.equal((await call('DELETE', `/wiki/rest/api/space/NOSUCH/permission/${foreign.id}`)).status, 404);
    assert.equal((await call('DELETE', `/wiki/rest/api/space/${space.key}/permission/abc`)).status, 400);
  });
});
