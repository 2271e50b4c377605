import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/emulator.ts';
import type { Space } from '../../src/emulator/state/model.ts';
import { responseProblems } from '../helpers/spec-conformance.ts';
import { unexplained } from './deviations.ts';

let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ size: 'small', seed: 11 });
});
beforeEach(() => emulator.reset());
after(() => emulator.close());

type Json = Record<string, unknown>;

/** One authenticated v1 request whose answer must conform to Atlassian's v1 OpenAPI document. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  raw?: { text: string; type: string },
): Promise<{ status: number; body: Json }> {
  const { email, apiToken } = emulator.connectorConfig().site;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`,
  };
  let payload: string | undefined;
  if (raw !== undefined) {
    headers['content-type'] = raw.type;
    payload = raw.text;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  const parsed = (text === '' ? undefined : JSON.parse(text)) as Json;
  const problems = unexplained(
    'confluence-v1',
    await responseProblems('confluence-v1', method, path, response.status, parsed),
  );
  assert.deepEqual(problems, [], `${method} ${path} ${response.status}`);
  return { status: response.status, body: parsed };
}

const grant = (type: 'user' | 'group', identifier: string, key: string, target: string) => ({
  subject: { type, identifier },
  operation: { key, target },
});

/** A global space and an active licensed account holding no permission in it. */
function spaceAndOutsider(): { space: Space; accountId: string } {
  const state = emulator.state;
  const space = [...state.spaces.values()].find((s) => s.type === 'global' && s.status === 'current');
  assert.ok(space !== undefined);
  const holders = new Set(
    space.permissions.flatMap((p) => (p.principal.type === 'user' ? [p.principal.id] : [])),
  );
  const accountId = state.accountOrder.find(
    (id) => !holders.has(id) && state.hasProduct(id, 'confluence') && state.accounts.get(id)?.guest === false,
  );
  assert.ok(accountId !== undefined);
  return { space, accountId };
}

const rowsOf = (space: Space, accountId: string) =>
  space.permissions.filter((p) => p.principal.type === 'user' && p.principal.id === accountId);

describe('adding a space permission', () => {
  test('read/space is granted with a numeric id, and the write log names exactly that account', async () => {
    const { space, accountId } = spaceAndOutsider();
    const logged = emulator.state.writeLog.length;
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
    const entries = emulator.state.writeLog.slice(logged);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.operation, 'space.permission.add');
    assert.deepEqual(entries[0]?.accountIds, [accountId]);
    assert.equal(entries[0]?.api, 'confluence');
  });

  test('any other permission needs read/space first (400), then succeeds; a duplicate is 400', async () => {
    const { space, accountId } = spaceAndOutsider();
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
    const { space, accountId } = spaceAndOutsider();
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
    const { space, accountId } = spaceAndOutsider();
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const group = [...emulator.state.groups.values()].find(
      (g) => !space.permissions.some((p) => p.principal.type === 'group' && p.principal.id === g.id),
    );
    assert.ok(group !== undefined);
    const logged = emulator.state.writeLog.length;
    assert.equal((await call('POST', path, grant('group', group.name, 'read', 'space'))).status, 200);
    const entry = emulator.state.writeLog[logged];
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
    const { space } = spaceAndOutsider();
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    const logged = emulator.state.writeLog.length;
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
    const broken = await call('POST', path, undefined, { text: '{"subject":', type: 'application/json' });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.statusCode, 400);
    assert.equal(emulator.state.writeLog.length, logged);
  });
});
