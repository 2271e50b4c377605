import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { useEmulator, watchWrites } from '../helpers/emulator-site.ts';
import { grant, rowsOf, spaceAndOutsider } from '../helpers/space-permissions.ts';

const emulator = useEmulator({ size: 'small', seed: 11, resetEachTest: true });
const call = confluenceClient(emulator);

describe('adding a space permission', () => {
  test('read/space is granted with a numeric id, and the write log names exactly that account', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const writes = watchWrites(emulator);
    const answer = await call(
      'POST',
      `/wiki/rest/api/space/${space.key}/permission`,
      grant('user', accountId, 'read', 'space'),
    );
    assert.equal(answer.status, 200);
    assert.equal(typeof answer.body.id, 'number');
    assert.deepEqual(answer.body.subject, { type: 'user', identifier: accountId });
    assert.deepEqual(answer.body.operation, { key: 'read', target: 'space' });
    assert.deepEqual(
      rowsOf(space, accountId).map((p) => p.id),
      [answer.body.id],
    );
    const entries = writes();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.operation, 'space.permission.add');
    assert.deepEqual(entries[0]?.accountIds, [accountId]);
    assert.equal(entries[0]?.api, 'confluence');
  });

  test('any other permission needs read/space first (400), then succeeds; a duplicate is 400', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    assert.equal((await call('POST', path, grant('user', accountId, 'create', 'page'))).status, 400);
    assert.equal(rowsOf(space, accountId).length, 0);
    assert.equal((await call('POST', path, grant('user', accountId, 'read', 'space'))).status, 200);
    assert.equal((await call('POST', path, grant('user', accountId, 'create', 'page'))).status, 200);
    const duplicate = await call('POST', path, grant('user', accountId, 'create', 'page'));
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.body.statusCode, 400);
    assert.equal(rowsOf(space, accountId).length, 2);
  });

  test('only the documented key/target pairs are accepted; there is no mail target', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    await call('POST', path, grant('user', accountId, 'read', 'space'));
    for (const [key, target] of [
      ['read', 'page'],
      ['create', 'space'],
      ['delete', 'mail'],
      ['update', 'page'],
      ['administer', 'page'],
    ]) {
      assert.equal(
        (await call('POST', path, grant('user', accountId, key as string, target as string))).status,
        400,
        `${key}/${target}`,
      );
    }
    for (const [key, target] of [
      ['delete', 'space'],
      ['archive', 'page'],
      ['restrict_content', 'space'],
      ['export', 'space'],
      ['administer', 'space'],
      ['delete', 'attachment'],
    ]) {
      assert.equal(
        (await call('POST', path, grant('user', accountId, key as string, target as string))).status,
        200,
        `${key}/${target}`,
      );
    }
  });

  test('a group is named by name or id; an unknown group or account is 400; an unknown space is 404', async () => {
    const { space, accountId } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const group = [...emulator.state.groups.values()].find(
      (g) => !space.permissions.some((p) => p.principal.type === 'group' && p.principal.id === g.id),
    );
    assert.ok(group !== undefined);
    const writes = watchWrites(emulator);
    assert.equal((await call('POST', path, grant('group', group.name, 'read', 'space'))).status, 200);
    const entry = writes()[0];
    assert.deepEqual(
      [entry?.operation, entry?.accountIds],
      ['space.permission.add', []],
      'a group grant touches no account',
    );
    assert.deepEqual(entry?.detail.principal, { type: 'group', id: group.id });
    assert.equal((await call('POST', path, grant('group', group.id, 'export', 'space'))).status, 200);
    assert.equal(
      space.permissions.filter((p) => p.principal.type === 'group' && p.principal.id === group.id).length,
      2,
    );
    assert.equal((await call('POST', path, grant('group', 'no-such-group', 'read', 'space'))).status, 400);
    assert.equal((await call('POST', path, grant('user', 'no-such-account', 'read', 'space'))).status, 400);
    const missing = await call(
      'POST',
      '/wiki/rest/api/space/NOSUCH/permission',
      grant('user', accountId, 'read', 'space'),
    );
    assert.equal(missing.status, 404);
  });

  test('malformed bodies are 400 with the v1 error body and write nothing', async () => {
    const { space } = spaceAndOutsider(emulator);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const writes = watchWrites(emulator);
    const bodies: unknown[] = [
      {},
      [],
      { subject: 'x', operation: {} },
      { subject: { type: 'role', identifier: 'x' }, operation: { key: 'read', target: 'space' } },
      { subject: { type: 'user', identifier: 5 }, operation: { key: 'read', target: 'space' } },
    ];
    for (const body of bodies) {
      const answer = await call('POST', path, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.statusCode, 400);
    }
    const broken = await call('POST', path, '{"subject":');
    assert.equal(broken.status, 400);
    assert.equal(broken.body.statusCode, 400);
    assert.deepEqual(writes(), []);
  });
});
