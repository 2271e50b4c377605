import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byKey, collect, startFixture } from './fixture.ts';

// Fault mixes every flavour must absorb are in the contract suite (contract/faults.ts); these
// target Cloud's own paths and APIs.
describe('Cloud connector: resilience during aggregation', async () => {
  const fixture = await startFixture({
    size: 'small',
    seed: 13,
    config: { retry: { attempts: 12, baseDelayMs: 2, maxDelayMs: 20 } },
  });
  const { connector, control } = fixture;
  const cleanSpaces = await collect(connector.listEntitlements('space'));

  test('a 429 storm across the concurrent space scan still yields exactly the emulator data', async () => {
    await control('POST', '/faults', {
      kind: 'status',
      status: 429,
      count: 60,
      retryAfterSeconds: 0,
      pathPrefix: '/wiki/api/v2/spaces/',
    });
    try {
      const spaces = await collect(connector.listEntitlements('space'));
      assert.deepEqual(byKey(spaces.items), byKey(cleanSpaces.items));
      assert.equal(spaces.failures.length, 0);
      assert.ok(spaces.state.stats.retries > 0, 'faults were met and retried');
    } finally {
      await control('DELETE', '/faults');
    }
  });

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
});
