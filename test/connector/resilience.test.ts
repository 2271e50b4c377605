import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byKey, collect, startFixture } from './fixture.ts';

describe('Cloud connector: resilience during aggregation', async () => {
  const fixture = await startFixture({
    size: 'small',
    seed: 13,
    config: { retry: { attempts: 12, baseDelayMs: 2, maxDelayMs: 20 } },
  });
  const { connector, control } = fixture;
  const clean = await collect(connector.listAccounts());
  const cleanSpaces = await collect(connector.listEntitlements('space'));

  const storms: Array<[string, object[]]> = [
    ['a 429 storm with Retry-After', [{ kind: 'status', status: 429, count: 11, retryAfterSeconds: 0 }]],
    [
      'a 429 storm across the concurrent space scan',
      [{ kind: 'status', status: 429, count: 60, retryAfterSeconds: 0, pathPrefix: '/wiki/api/v2/spaces/' }],
    ],
    [
      'a 5xx burst',
      [
        { kind: 'status', status: 503, count: 5, retryAfterSeconds: 0 },
        { kind: 'status', status: 500, count: 5 },
      ],
    ],
    [
      'connection resets, truncated and malformed bodies',
      [
        { kind: 'reset', count: 3 },
        { kind: 'truncate', count: 3 },
        { kind: 'malformed', count: 3 },
      ],
    ],
    [
      'a mix at random on a quarter of calls',
      [
        { kind: 'status', status: 429, rate: 0.1, retryAfterSeconds: 0 },
        { kind: 'status', status: 502, rate: 0.1 },
        { kind: 'reset', rate: 0.05 },
      ],
    ],
  ];
  for (const [name, rules] of storms) {
    test(`${name} still yields exactly the emulator's data`, async () => {
      for (const rule of rules) await control('POST', '/faults', rule);
      try {
        const accounts = await collect(connector.listAccounts());
        const spaces = await collect(connector.listEntitlements('space'));
        assert.deepEqual(byKey(accounts.items), byKey(clean.items));
        assert.deepEqual(byKey(spaces.items), byKey(cleanSpaces.items));
        assert.equal(accounts.failures.length + spaces.failures.length, 0);
        assert.ok(
          accounts.state.stats.retries + spaces.state.stats.retries > 0,
          'faults were met and retried',
        );
      } finally {
        await control('DELETE', '/faults');
      }
    });
  }

  test('one space that keeps failing is reported with its key and does not abort the run', async () => {
    const space = fixture.emulator.state.spaceByKeyName(cleanSpaces.items[0]?.key ?? '');
    assert.ok(space);
    await control('POST', '/faults', {
      kind: 'status',
      status: 500,
      rate: 1,
      pathPrefix: `/wiki/api/v2/spaces/${space.id}/permissions`,
    });
    try {
      const spaces = await collect(connector.listEntitlements('space'));
      assert.deepEqual(
        spaces.failures.map((failure) => failure.key),
        [space.key],
      );
      assert.equal(spaces.failures[0]?.error.code, 'unavailable');
      assert.equal(spaces.items.length, cleanSpaces.items.length - 1);
      const strict = await startFixture({
        size: 'small',
        seed: 13,
        config: { errorBudget: 0, retry: { attempts: 1, baseDelayMs: 1 } },
      });
      await strict.control('POST', '/faults', {
        kind: 'status',
        status: 500,
        rate: 1,
        pathPrefix: `/wiki/api/v2/spaces/${space.id}/permissions`,
      });
      await assert.rejects(collect(strict.connector.listEntitlements('space')), {
        code: 'error_budget_exceeded',
      });
    } finally {
      await control('DELETE', '/faults');
    }
  });

  test('revoked credentials: auth_failed, and test-connection names the failing API', async () => {
    await control('PUT', '/credentials', { revoked: ['scim'] });
    try {
      const report = await connector.testConnection();
      assert.equal(report.ok, false);
      assert.deepEqual(
        report.checks.filter((check) => !check.ok).map((check) => check.name),
        ['scim'],
      );
      await assert.rejects(collect(connector.listAccounts()), { code: 'auth_failed' });
    } finally {
      await control('PUT', '/credentials', { revoked: [] });
    }
  });

  test('a standing rate limit: the connector slows down and still returns exactly the data', async () => {
    await control('PUT', '/traffic', { rateLimit: 8 });
    try {
      const spaces = await collect(connector.listEntitlements('space'));
      assert.deepEqual(byKey(spaces.items), byKey(cleanSpaces.items));
      assert.ok(spaces.state.stats.retries > 0, 'the limit was hit');
    } finally {
      await control('PUT', '/traffic', { rateLimit: 0 });
    }
  });

  test('an aborted list stops with a non-retryable timeout', async () => {
    const controller = new AbortController();
    await control('PUT', '/traffic', { latencyMs: 30 });
    try {
      const run = collect(connector.listEntitlements('space', { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(run, { code: 'timeout', retryable: false });
    } finally {
      await control('PUT', '/traffic', { latencyMs: 0 });
    }
  });

  test('a delta after a change returns only the changed account', async () => {
    const target = clean.items.find((item) => !item.attributes.guest);
    assert.ok(target);
    await connector.updateAccount(target.key, [{ op: 'Set', attribute: 'jobTitle', value: 'Delta Tester' }]);
    const delta = await collect(connector.listAccounts({ state: clean.state.state }));
    assert.deepEqual(
      delta.items.map((item) => item.key),
      [target.key],
    );
    assert.equal(delta.items[0]?.attributes.jobTitle, 'Delta Tester');
    assert.deepEqual(delta.removed, []);
  });
});
