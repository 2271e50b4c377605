import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { directRows, grantsOf } from './space-grants.ts';
import type { PermissionRow } from './spaces-api.ts';

const row = (id: string, type: string, principalId: string | undefined, key: string, targetType: string) =>
  ({ id, principal: { type, id: principalId }, operation: { key, targetType } }) as PermissionRow;

const rows: PermissionRow[] = [
  row('1', 'user', 'u1', 'create', 'page'),
  row('2', 'user', 'u1', 'read', 'space'),
  row('3', 'group', 'g1', 'read', 'space'),
  row('4', 'group', 'g1', 'administer', 'space'),
  row('5', 'user', 'u2', 'read', 'space'),
  row('6', 'role', 'r1', 'read', 'space'),
  row('7', 'user', 'u1', 'update', 'page'),
  row('8', 'anonymous', undefined, 'read', 'space'),
];

describe('space grants', () => {
  test('one grant per principal, options in screen order, unknown operations and roles skipped', () => {
    assert.deepEqual(grantsOf(rows, new Map([['g1', 'confluence-users']])), [
      { principal: { type: 'user', accountKey: 'u1' }, options: ['view', 'add_page'] },
      { principal: { type: 'group', groupId: 'g1', name: 'confluence-users' }, options: ['view', 'admin'] },
      { principal: { type: 'user', accountKey: 'u2' }, options: ['view'] },
      { principal: { type: 'anonymous' }, options: ['view'] },
    ]);
  });

  test('direct rows of one user keep the row ids for revoking', () => {
    assert.deepEqual(
      [...directRows(rows, 'u1')],
      [
        ['add_page', '1'],
        ['view', '2'],
      ],
    );
    assert.equal(directRows(rows, 'g1').size, 0);
  });
});
