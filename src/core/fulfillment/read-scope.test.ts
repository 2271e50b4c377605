import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountRecord } from '../../connector/index.ts';
import { assignmentInScope, mergeRead, readScopeFor } from './read-scope.ts';

function record(spacePermissions: string[], scope?: string[]): AccountRecord {
  return {
    key: 'acc-1',
    identity: 'ada@example.com',
    disabled: false,
    attributes: {
      accountId: 'acc-1',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Berg',
      displayName: 'Ada Berg',
      department: 'Engineering',
      jobTitle: 'Engineer',
      status: 'active',
      guest: false,
      groups: ['g-1'],
      spacePermissions,
    },
    ...(scope === undefined ? {} : { scope: { spaces: scope } }),
  };
}

describe('read scope', () => {
  test('a space item reads its one space, a group item none', () => {
    const base = {
      name: 'x',
      requestable: true,
      owner: null,
      risk: 'low',
      optionRisks: {},
      updatedAt: '',
    } as const;
    assert.deepEqual(readScopeFor({ ...base, id: 'space:ENG', type: 'space', entitlementKey: 'ENG' }), {
      spaces: ['ENG'],
    });
    assert.deepEqual(readScopeFor({ ...base, id: 'group:g', type: 'group', entitlementKey: 'g' }), {
      spaces: [],
    });
  });

  const stored = { department: 'Sales', spacePermissions: ['ENG:view', 'ENG:add_page', 'HR:view'] };
  const cases: Array<[string, AccountRecord, string[]]> = [
    ['a scoped read replaces its space only', record(['ENG:view'], ['ENG']), ['HR:view', 'ENG:view']],
    [
      'a scoped read of another space keeps the rest',
      record(['OPS:admin'], ['OPS']),
      [...stored.spacePermissions, 'OPS:admin'],
    ],
    ['an empty scope changes no space', record([], []), stored.spacePermissions],
    ['a full read replaces every space', record(['OPS:view']), ['OPS:view']],
  ];
  for (const [name, read, expected] of cases) {
    test(name, () => {
      const merged = mergeRead(stored, read);
      assert.deepEqual(merged.spacePermissions, expected);
      assert.equal(merged.department, 'Engineering', 'profile attributes come from the read');
    });
  }

  test('assignments outside a scoped read are neither confirmed nor removed', () => {
    const read = record([], ['ENG']);
    const at = (kind: 'group' | 'space', value: string) =>
      assignmentInScope(read, { accountKey: 'acc-1', kind, value });
    assert.equal(at('space', 'ENG:view'), true);
    assert.equal(at('space', 'HR:view'), false);
    assert.equal(at('group', 'g-2'), true);
    assert.equal(
      assignmentInScope(record([]), { accountKey: 'acc-1', kind: 'space', value: 'HR:view' }),
      true,
    );
  });
});
