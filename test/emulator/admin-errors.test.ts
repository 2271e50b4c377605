import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCode, orgPath } from '../helpers/admin-bodies.ts';
import { adminClient, type Reply } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

describe('emulated admin and user management APIs: hostile input and traffic', () => {
  const emulator = useEmulator({ size: 'small', seed: 2, resetEachTest: true });
  const call = adminClient(emulator);

  test('bodies of the wrong media type, deep nesting or a huge size are 400 ADMIN-400-24, never 5xx', async () => {
    const path = orgPath(emulator, '/directory/groups');
    const plain = await call('POST', path, 'name=x', { type: 'text/plain' });
    assert.deepEqual([plain.status, errorCode(plain)], [400, 'ADMIN-400-24']);
    const deep = await call('POST', path, `${'['.repeat(5000)}${']'.repeat(5000)}`);
    assert.deepEqual([deep.status, errorCode(deep)], [400, 'ADMIN-400-24']);
    const huge = await call('POST', path, JSON.stringify({ name: 'x'.repeat(6 * 1024 * 1024) }));
    assert.deepEqual([huge.status, errorCode(huge)], [400, 'ADMIN-400-24']);
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('repeated or odd query parameters never reach a 500', async () => {
    const twice = await call('GET', orgPath(emulator, '/users?cursor=a&cursor=b'));
    assert.deepEqual([twice.status, errorCode(twice)], [400, 'ADMIN-400-1']);
    const { directoryId } = emulator.state.site;
    const empty = await call('GET', orgPath(emulator, '/users?cursor='));
    assert.equal(empty.status, 200);
    const terms = await call(
      'GET',
      `/admin/v2/orgs/${emulator.state.site.orgId}/directories/${directoryId}/users?searchTerm=a&searchTerm=b`,
    );
    assert.deepEqual([terms.status, errorCode(terms)], [400, 'ADMIN-400-24']);
  });

  test('user management: a lifecycle body that is not JSON is 400 bodyParseFailure', async () => {
    const account = [...emulator.state.accounts.values()].find(
      (a) => a.managed && a.accountStatus === 'active',
    );
    assert.ok(account);
    emulator.state.updateAccount(account.accountId, { scim: null }, null);
    const reply = await call('POST', `/users/${account.accountId}/manage/lifecycle/disable`, '{');
    assert.deepEqual([reply.status, reply.body], [400, { key: 'bodyParseFailure' }]);
    assert.equal(account.accountStatus, 'active');
  });

  test('unknown user-management paths answer {"key":"notFound"}', async () => {
    const reply = await call('GET', '/users/someone/manage/nothing', undefined, { spec: null });
    assert.deepEqual([reply.status, reply.body], [404, { key: 'notFound' }]);
  });

  test('the rate limit answers 429 with the ProxyError body and X-RateLimit headers', async () => {
    emulator.context.faults.traffic.rateLimit = 1;
    let limited: Reply | undefined;
    for (let attempt = 0; attempt < 5 && limited === undefined; attempt++) {
      const reply = await call('GET', orgPath(emulator, '/users'));
      if (reply.status === 429) limited = reply;
    }
    assert.ok(limited, 'a 429 within five calls at one request a second');
    assert.deepEqual(limited.body, { code: 429, message: 'Rate limit exceeded' });
  });
});
