import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/emulator.ts';
import { responseProblems, type SpecName } from '../helpers/spec-conformance.ts';
import { unexplained } from './deviations.ts';

let emulator: RunningEmulator;

type Reply = { status: number; body: unknown };

/** Sends a raw request; checks the answer against `spec` unless the path is one Atlassian does not document. */
async function send(
  spec: SpecName | null,
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<Reply> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${emulator.state.credentials.adminApiKey}`,
  };
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (spec !== null) {
    const problems = unexplained(spec, await responseProblems(spec, method, path, response.status, parsed));
    assert.deepEqual(problems, [], `${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
  }
  return { status: response.status, body: parsed };
}

function errorCode(reply: Reply): string | undefined {
  return (reply.body as { errors?: Array<{ code: string }> }).errors?.[0]?.code;
}

function org(suffix: string): string {
  return `/admin/v1/orgs/${emulator.state.site.orgId}${suffix}`;
}

describe('emulated admin and user management APIs: hostile input and traffic', () => {
  before(async () => {
    emulator = await startEmulator({ size: 'small', seed: 2 });
  });
  after(async () => emulator.close());
  beforeEach(() => emulator.reset('small', 2));

  test('bodies of the wrong media type, deep nesting or a huge size are 400 ADMIN-400-24, never 5xx', async () => {
    const path = org('/directory/groups');
    const plain = await send('admin', 'POST', path, 'name=x', 'text/plain');
    assert.deepEqual([plain.status, errorCode(plain)], [400, 'ADMIN-400-24']);
    const deep = await send('admin', 'POST', path, `${'['.repeat(5000)}${']'.repeat(5000)}`);
    assert.deepEqual([deep.status, errorCode(deep)], [400, 'ADMIN-400-24']);
    const huge = await send('admin', 'POST', path, JSON.stringify({ name: 'x'.repeat(6 * 1024 * 1024) }));
    assert.deepEqual([huge.status, errorCode(huge)], [400, 'ADMIN-400-24']);
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('repeated or odd query parameters never reach a 500', async () => {
    const twice = await send('admin', 'GET', org('/users?cursor=a&cursor=b'));
    assert.deepEqual([twice.status, errorCode(twice)], [400, 'ADMIN-400-1']);
    const { directoryId } = emulator.state.site;
    const empty = await send('admin', 'GET', org('/users?cursor='));
    assert.equal(empty.status, 200);
    const terms = await send(
      null,
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
    const reply = await send(
      'user-management',
      'POST',
      `/users/${account.accountId}/manage/lifecycle/disable`,
      '{',
    );
    assert.deepEqual([reply.status, reply.body], [400, { key: 'bodyParseFailure' }]);
    assert.equal(account.accountStatus, 'active');
  });

  test('unknown user-management paths answer {"key":"notFound"}', async () => {
    const reply = await send(null, 'GET', '/users/someone/manage/nothing');
    assert.deepEqual([reply.status, reply.body], [404, { key: 'notFound' }]);
  });

  test('the rate limit answers 429 with the ProxyError body and X-RateLimit headers', async () => {
    emulator.context.faults.traffic.rateLimit = 1;
    let limited: Reply | undefined;
    for (let attempt = 0; attempt < 5 && limited === undefined; attempt++) {
      const reply = await send('admin', 'GET', org('/users'));
      if (reply.status === 429) limited = reply;
    }
    assert.ok(limited, 'a 429 within five calls at one request a second');
    assert.deepEqual(limited.body, { code: 429, message: 'Rate limit exceeded' });
  });
});
