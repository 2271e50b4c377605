import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDataCenter } from './dc-seed.ts';

const seed = (n: number) => seedDataCenter({ size: 'small', seed: n, version: '8.5' });

test('the same seed gives the same instance, another seed another one', () => {
  const keys = (n: number) => [...seed(n).accounts.keys()].join();
  assert.equal(keys(1), keys(1));
  assert.notEqual(keys(1), keys(2));
});

test('a small instance has what the connector must tell apart', () => {
  const state = seed(1);
  const users = [...state.accounts.values()];
  assert.ok(
    users.some((u) => !u.active),
    'deactivated users',
  );
  assert.ok(
    users.some((u) => u.active && !state.hasGlobal(u.userKey, 'USECONFLUENCE')),
    'active users without Can use',
  );
  assert.ok(
    users.some((u) => state.directoryOf(u).readOnly),
    'users in the read-only directory',
  );
  const useGroups = new Set(
    state.globalGrants
      .filter((g) => g.permission === 'USECONFLUENCE' && g.principal.type === 'group')
      .map((g) => (g.principal.type === 'group' ? g.principal.id : '')),
  );
  assert.ok(
    useGroups.has('confluence-users') && useGroups.size < state.groups.size,
    'groups with and without Can use',
  );
  assert.ok(state.anonymousAccess, 'anonymous users hold Can use');
  const spaces = [...state.spaces.values()];
  assert.ok(
    spaces.some((s) => s.type === 'personal' && s.key.startsWith('~')),
    'personal spaces',
  );
  const rows = spaces.flatMap((s) => s.permissions);
  for (const type of ['user', 'group', 'anonymous'])
    assert.ok(
      rows.some((r) => r.principal.type === type),
      `permissions held by ${type}`,
    );
});

test('a medium instance holds 5,000 users', () => {
  assert.equal(seedDataCenter({ size: 'medium', seed: 1, version: '9.2' }).accounts.size, 5_000);
});
