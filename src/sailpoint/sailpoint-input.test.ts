import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesOf, createInputOf, entitlementTypeOf, keyOf, stateOf } from './sailpoint-input.ts';

test('keys: SailPoint simple keys, plain strings, the identity as a fallback; anything else is named', () => {
  assert.equal(keyOf({ key: { simple: { id: 'acc-1' } }, identity: 'a@example.com' }), 'acc-1');
  assert.equal(keyOf({ key: 'acc-2' }), 'acc-2');
  assert.equal(keyOf({ identity: 'acc-3' }), 'acc-3');
  const refusals: Array<[unknown, RegExp]> = [
    [{ key: { compound: { lookupId: 'a', uniqueId: 'b' } } }, /compound keys/],
    [{ key: { simple: { id: '' } } }, /input\.key\.simple\.id/],
    [{}, /input\.key is required/],
  ];
  for (const [input, message] of refusals)
    assert.throws(() => keyOf(input as Record<string, unknown>), { code: 'invalid_input', message });
});

test('changes: Add, Set and Remove pass through; a bad op or a missing attribute names its index', () => {
  const changes = [
    { op: 'Add', attribute: 'groups', value: ['g1'] },
    { op: 'Remove', attribute: 'spacePermissions', value: 'ENG:view' },
  ];
  assert.deepEqual(changesOf({ changes }), changes);
  assert.throws(() => changesOf({}), { message: /input\.changes must be a list/ });
  assert.throws(() => changesOf({ changes: [changes[0], { op: 'Replace', attribute: 'x' }] }), {
    message: /changes\[1\]\.op/,
  });
  assert.throws(() => changesOf({ changes: [{ op: 'Set' }] }), { message: /changes\[0\]\.attribute/ });
});

test('state: stateful runs pass their state on; stateful false or an empty state lists everything', () => {
  assert.deepEqual(stateOf({ stateful: true, state: { cursor: 1 } }), { cursor: 1 });
  assert.equal(stateOf({ stateful: false, state: { cursor: 1 } }), undefined);
  assert.equal(stateOf({ stateful: true, state: {} }), undefined);
  assert.equal(stateOf({}), undefined);
});

test('create takes the email attribute when SailPoint sends no identity; entitlement types are closed', () => {
  assert.deepEqual(createInputOf({ attributes: { email: 'n@example.com' } }), {
    identity: 'n@example.com',
    attributes: { email: 'n@example.com' },
  });
  assert.throws(() => createInputOf({ attributes: {} }), { code: 'invalid_input' });
  assert.equal(entitlementTypeOf({ type: 'space' }), 'space');
  assert.throws(() => entitlementTypeOf({ type: 'role' }), { message: /"role"/ });
});
