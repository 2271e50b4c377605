import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { control, useEmulator } from '../helpers/emulator-site.ts';

/** A path every API scope answers (with its own not-found body), so traffic hooks run on it. */
const PROBE = '/wiki/rest/api/no-such-resource';

/** Reads a raw response with node:http so a cut-off body shows as the error it is. */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    })
      .on('error', reject)
      .end();
  });
}

describe('emulator control API', () => {
  const emulator = useEmulator({ size: 'small', seed: 2 });

  test('summary tells what the site holds', async () => {
    const summary = (await (await control(emulator, 'GET', '/summary')).json()) as Record<string, number>;
    assert.equal(summary.accounts, emulator.state.accounts.size);
    assert.equal(summary.spaces, emulator.state.spaces.size);
    assert.ok((summary.confluenceAccounts ?? 0) > 0);
  });

  test('injected statuses fire for exactly the next N calls and carry Retry-After', async () => {
    const added = await control(emulator, 'POST', '/faults', { kind: 'status', status: 503, count: 2 });
    assert.equal(added.status, 201);
    const first = await fetch(`${emulator.url}${PROBE}`);
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal((await fetch(`${emulator.url}${PROBE}`)).status, 503);
    assert.notEqual((await fetch(`${emulator.url}${PROBE}`)).status, 503);
  });

  test('connection resets, truncated and malformed bodies', async () => {
    await control(emulator, 'POST', '/faults', { kind: 'reset', count: 1 });
    await assert.rejects(fetch(`${emulator.url}${PROBE}`));
    await control(emulator, 'POST', '/faults', { kind: 'truncate', count: 1 });
    await assert.rejects(rawGet(`${emulator.url}${PROBE}`));
    await control(emulator, 'POST', '/faults', { kind: 'malformed', count: 1 });
    const malformed = await fetch(`${emulator.url}${PROBE}`);
    await assert.rejects(malformed.json());
    await assert.doesNotReject(fetch(`${emulator.url}${PROBE}`).then((r) => r.json()));
  });

  test('the rate limit answers 429 with Retry-After and X-RateLimit headers', async () => {
    const traffic = await control(emulator, 'PUT', '/traffic', { rateLimit: 3 });
    assert.equal(traffic.status, 200);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${emulator.url}${PROBE}`);
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    await control(emulator, 'PUT', '/traffic', { rateLimit: 0 });
    assert.ok(limited !== undefined, `no 429 in ${statuses.join(',')}`);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal(limited.headers.get('x-ratelimit-limit'), '3');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Date.parse(limited.headers.get('x-ratelimit-reset') ?? '') > 0);
  });

  test('counters count each endpoint; the control API is not counted', async () => {
    await control(emulator, 'DELETE', '/counters');
    await fetch(`${emulator.url}${PROBE}`);
    await fetch(`${emulator.url}${PROBE}`);
    const counters = (await (await control(emulator, 'GET', '/counters')).json()) as {
      total: number;
      endpoints: Record<string, number>;
    };
    assert.equal(counters.total, 2);
    assert.equal(
      Object.values(counters.endpoints).reduce((a, b) => a + b, 0),
      2,
    );
  });

  test('bad control input is named, not a 500', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/faults', { kind: 'explode', count: 1 }, /kind must be one of/],
      ['POST', '/faults', { kind: 'status', status: 200, count: 1 }, /status must be/],
      ['POST', '/faults', { kind: 'reset' }, /give count/],
      ['POST', '/faults', { kind: 'reset', rate: 2 }, /rate must be/],
      ['PUT', '/traffic', { latencyMs: -1 }, /latencyMs must be/],
      ['PUT', '/credentials', { revoked: ['everything'] }, /revoked must be/],
      ['POST', '/reset', { size: 'huge' }, /size must be one of/],
    ];
    for (const [method, path, body, message] of cases) {
      const response = await control(emulator, method, path, body);
      assert.equal(response.status, 400, `${method} ${path}`);
      assert.match(((await response.json()) as { error: string }).error, message);
    }
  });

  test('reset reseeds: a new seed gives a new site and clears the write log', async () => {
    const before = emulator.state.site.orgId;
    const response = await control(emulator, 'POST', '/reset', { seed: 99 });
    assert.equal(response.status, 200);
    assert.notEqual(emulator.state.site.orgId, before);
    const writes = (await (await control(emulator, 'GET', '/writes')).json()) as { entries: unknown[] };
    assert.deepEqual(writes.entries, []);
  });

  test('the write log lists each write with the accounts it touched, filterable by account', async () => {
    const state = emulator.state;
    const [accountId = ''] = state.accountOrder;
    const group = state.groupByGroupName(state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    state.removeMember(group.id, accountId, { api: 'control', request: 'test' });
    state.removeMember(group.id, accountId, { api: 'control', request: 'test' });
    const other = state.accountOrder[1] ?? '';
    state.updateAccount(other, { title: 'CTO' }, { api: 'control', request: 'test' });
    const all = (await (await control(emulator, 'GET', '/writes')).json()) as {
      entries: Array<{ seq: number; accountIds: string[]; operation: string }>;
    };
    assert.deepEqual(
      all.entries.map((e) => [e.operation, e.accountIds]),
      [
        ['group.member.remove', [accountId]],
        ['account.update', [other]],
      ],
    );
    const mine = (await (await control(emulator, 'GET', `/writes?accountId=${accountId}`)).json()) as {
      entries: unknown[];
    };
    assert.equal(mine.entries.length, 1);
    const since = (await (await control(emulator, 'GET', `/writes?since=${all.entries[0]?.seq}`)).json()) as {
      entries: unknown[];
    };
    assert.equal(since.entries.length, 1);
  });

  test('a URL that cannot be decoded is a 400 with a message, not a framework error', async () => {
    const response = await fetch(`${emulator.url}/wiki/rest/api/space/%E0%A4%A`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string; code?: string };
    assert.match(body.message, /Bad request/);
    assert.equal(body.code, undefined);
  });

  test('listings see every change to the state, logged by an API or made in-process without a log entry', async () => {
    const confluence = confluenceClient(emulator);
    const before = await confluence('GET', '/wiki/api/v2/spaces?limit=250');
    const count = (before.body.results as unknown[]).length;
    const [authorId = ''] = emulator.state.accountOrder;
    emulator.state.insertSpace(
      {
        key: 'NEWCACHE',
        name: 'Cache probe',
        type: 'global',
        status: 'current',
        authorId,
        createdAt: new Date().toISOString(),
        description: '',
      },
      null,
    );
    const after = await confluence('GET', '/wiki/api/v2/spaces?limit=250');
    assert.equal((after.body.results as unknown[]).length, count + 1);
    const v1 = await confluence('GET', '/wiki/rest/api/space?spaceKey=NEWCACHE');
    assert.equal((v1.body.results as Array<{ key: string }>)[0]?.key, 'NEWCACHE');
  });
});
