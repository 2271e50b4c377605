import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byKey, collect } from '../fixture.ts';
import type { FlavourFixture } from './flavour.ts';

/** Fault mixes any Atlassian can serve, as emulator fault rules (the same control API for every flavour). */
const STORMS: Array<[string, object[]]> = [
  ['a 429 storm with Retry-After', [{ kind: 'status', status: 429, count: 11, retryAfterSeconds: 0 }]],
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

/** Contract: transient faults and a standing rate limit are absorbed; the data read is exactly the clean read. */
export function faultsAreAbsorbed(flavour: FlavourFixture): void {
  describe(`${flavour.name} connector contract: faults absorbed`, async () => {
    const { connector, control } = await flavour.start({
      seed: 13,
      config: { retry: { attempts: 12, baseDelayMs: 2, maxDelayMs: 20 } },
    });
    const clean = await collect(connector.listAccounts());
    const cleanSpaces = await collect(connector.listEntitlements('space'));

    for (const [name, rules] of STORMS) {
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
  });
}
