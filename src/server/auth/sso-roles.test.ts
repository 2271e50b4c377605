import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupsOf, rolesForGroups } from './sso-roles.ts';

const mapping = [
  { group: 'sg-admins', roles: ['administrator', 'approver'] as const },
  { group: 'staff', roles: ['requester'] as const },
];

test('groups map to the union of their roles; unmapped groups give nothing', () => {
  const cases: Array<[string[], string[]]> = [
    [['staff'], ['requester']],
    [
      ['sg-admins', 'staff'],
      ['administrator', 'approver', 'requester'],
    ],
    [['SG-ADMINS'], []],
    [['other'], []],
    [[], []],
  ];
  for (const [groups, roles] of cases) assert.deepEqual(rolesForGroups(groups, mapping).sort(), roles.sort());
});

test('a groups claim may be an array, one name, or something unusable', () => {
  assert.deepEqual(groupsOf(['a', 3, 'b']), ['a', 'b']);
  assert.deepEqual(groupsOf('a'), ['a']);
  assert.deepEqual(groupsOf(undefined), []);
  assert.deepEqual(groupsOf({ a: 1 }), []);
});
