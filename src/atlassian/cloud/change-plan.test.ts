import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectorError, type PermissionOptionId } from '../../connector/index.ts';
import { planChanges, spaceStep } from './change-plan.ts';

describe('planChanges', () => {
  test('splits groups, space permissions and profile attributes; one value or many', () => {
    const plan = planChanges([
      { op: 'Add', attribute: 'groups', value: 'g1' },
      { op: 'Remove', attribute: 'groups', value: ['g2', 'g3'] },
      { op: 'Set', attribute: 'spacePermissions', value: ['ENG:view', 'ENG:add_page'] },
      { op: 'Set', attribute: 'department', value: 'R&D' },
      { op: 'Remove', attribute: 'jobTitle', value: 'x' },
    ]);
    assert.deepEqual(plan.groups, { add: ['g1'], remove: ['g2', 'g3'] });
    assert.deepEqual(plan.spaces.set, ['ENG:view', 'ENG:add_page']);
    assert.deepEqual(plan.profile, { department: 'R&D', jobTitle: null });
  });

  const rejected: Array<[string, object, string]> = [
    ['unknown attribute', { op: 'Set', attribute: 'shoeSize', value: '9' }, 'invalid_input'],
    ['read-only email', { op: 'Set', attribute: 'email', value: 'a@b.c' }, 'invalid_input'],
    ['Add on single-valued', { op: 'Add', attribute: 'department', value: 'x' }, 'invalid_input'],
    ['malformed space value', { op: 'Add', attribute: 'spacePermissions', value: 'ENG' }, 'invalid_input'],
    ['unknown option', { op: 'Add', attribute: 'spacePermissions', value: 'ENG:fly' }, 'invalid_input'],
    ['Delete Mail', { op: 'Add', attribute: 'spacePermissions', value: 'ENG:delete_mail' }, 'unsupported'],
    ['non-string group', { op: 'Add', attribute: 'groups', value: [1] }, 'invalid_input'],
  ];
  for (const [name, change, code] of rejected) {
    test(`rejects ${name} with ${code}`, () => {
      assert.throws(
        () => planChanges([change as never]),
        (error) => error instanceof ConnectorError && error.code === code,
      );
    });
  }
});

describe('spaceStep (Atlassian View rules)', () => {
  const held = (...ids: PermissionOptionId[]) => new Set(ids);
  const cases: Array<[string, Set<PermissionOptionId>, PermissionOptionId[], PermissionOptionId[], object]> =
    [
      [
        'grants View first when not held',
        held(),
        ['add_page'],
        [],
        { grant: ['view', 'add_page'], revoke: [] },
      ],
      [
        'skips what is held',
        held('view', 'add_page'),
        ['add_page', 'export_space'],
        [],
        { grant: ['export_space'], revoke: [] },
      ],
      ['idempotent: nothing to do', held('view'), ['view'], ['admin'], { grant: [], revoke: [] }],
      [
        'revoking View revokes only View',
        held('view', 'add_page', 'admin'),
        [],
        ['admin', 'view'],
        { grant: [], revoke: ['view'] },
      ],
      [
        'revokes held options only',
        held('view', 'add_page'),
        [],
        ['add_page', 'admin'],
        { grant: [], revoke: ['add_page'] },
      ],
      [
        'View listed later still goes first',
        held(),
        ['admin', 'view'],
        [],
        { grant: ['view', 'admin'], revoke: [] },
      ],
    ];
  for (const [name, current, add, remove, expected] of cases) {
    test(name, () => assert.deepEqual(spaceStep(current, add, remove), expected));
  }

  test('refuses granting while revoking View', () => {
    assert.throws(() => spaceStep(held('view'), ['add_page'], ['view']), /revoking View/);
  });
});
