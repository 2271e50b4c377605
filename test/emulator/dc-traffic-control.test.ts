import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useDcEmulator } from '../helpers/dc-emulator.ts';

describe('Data Center emulator: manifest, rate limit, faults and control API', () => {
  const dc = useDcEmulator({ dcVersion: '8.5', size: 'small', seed: 8, resetEachTest: true });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${dc.emulator.url}/_emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  test('the applinks manifest reports the version without sign-in', async () => {
    const response = await dc.rest('/rest/applinks/1.0/manifest', { auth: '' });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<version>8\.5\.\d+<\/version>/);
  });

  test('with the rate limiter on, answers carry Data Center’s five headers and 429 past the bucket', async () => {
    await control('PUT', '/traffic', { rateLimit: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let n = 0; n < 5; n++) {
      last = await dc.rest('/rest/api/user/current');
      statuses.push(last.status);
    }
    await control('PUT', '/traffic', { rateLimit: 0 });
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(last);
    for (const header of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-interval-seconds',
      'x-ratelimit-fillrate',
      'retry-after',
    ])
      assert.ok(last.headers.get(header) !== null, header);
  });

  test('faults, counters, revoked credentials and the write log work as on Cloud', async () => {
    await control('POST', '/faults', { kind: 'status', status: 503, count: 1 });
    assert.equal((await dc.rest('/rest/api/group')).status, 503);
    assert.equal((await dc.rest('/rest/api/group')).status, 200);
    const counters = (await (await control('GET', '/counters')).json()) as {
      endpoints: Record<string, number>;
    };
    assert.equal(counters.endpoints['GET /confluence/rest/api/group'], 2);
    await control('PUT', '/credentials', { revoked: ['basic'] });
    assert.equal((await dc.rest('/rest/api/group')).status, 401);
    assert.equal(
      (await dc.rest('/rest/api/group', { auth: `Bearer ${dc.state.credentials.adminToken}` })).status,
      200,
    );
    assert.equal((await control('PUT', '/credentials', { revoked: ['scim'] })).status, 400);
    await control('PUT', '/credentials', { revoked: [] });
    await dc.rpc('addUserToGroup', ['admin', 'dept-eng']);
    const writes = (await (await control('GET', '/writes')).json()) as {
      entries: Array<{ api: string; operation: string }>;
    };
    assert.deepEqual(
      writes.entries.map((e) => `${e.api} ${e.operation}`),
      ['json-rpc group.member.add'],
    );
    const summary = (await (await control('GET', '/summary')).json()) as Record<string, unknown>;
    assert.equal(summary.flavor, 'datacenter');
    assert.equal(summary.writes, 1);
  });

  test('the same seed gives the same instance; another seed another one', async () => {
    const keys = () => [...dc.state.accounts.keys()].join();
    const before = keys();
    await control('POST', '/reset', { seed: 8 });
    assert.equal(keys(), before);
    await control('POST', '/reset', { seed: 9 });
    assert.notEqual(keys(), before);
  });
});
