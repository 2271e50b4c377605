import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountRecord } from '../../connector/index.ts';
import { attributeSets, pendingChanges } from './account-changes.ts';

const account: AccountRecord = {
  key: 'a1',
  identity: 'a@example.com',
  disabled: false,
  attributes: {
    accountId: 'a1',
    email: 'a@example.com',
    firstName: 'A',
    lastName: 'B',
    displayName: 'A B',
    department: 'Eng',
    jobTitle: null,
    status: 'active',
    guest: false,
    groups: ['g1'],
    spacePermissions: ['ENG:view'],
  },
};

test('only what is missing is written: a re-run against a fulfilled account writes nothing', () => {
  assert.deepEqual(pendingChanges(account, 'grant', 'spacePermissions', ['ENG:view', 'ENG:add_page']), [
    { op: 'Add', attribute: 'spacePermissions', value: 'ENG:add_page' },
  ]);
  assert.deepEqual(pendingChanges(account, 'grant', 'groups', ['g1']), []);
  assert.deepEqual(pendingChanges(account, 'revoke', 'groups', ['g1', 'g2']), [
    { op: 'Remove', attribute: 'groups', value: 'g1' },
  ]);
});

test('modify sets only attributes whose value differs', () => {
  assert.deepEqual(attributeSets(account, { department: 'Eng', jobTitle: 'Lead' }), [
    { op: 'Set', attribute: 'jobTitle', value: 'Lead' },
  ]);
});
