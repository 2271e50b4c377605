import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScimSummary } from './account-shape.ts';
import { AccountTable } from './account-table.ts';

function summary(n: number): ScimSummary {
  return {
    scimId: `scim-${n}`,
    email: `person${n}@example.com`,
    givenName: n % 2 === 0 ? 'Zoë' : null,
    familyName: 'Ångström 😀',
    displayName: `Person ${n}`,
    department: n % 3 === 0 ? null : 'R&D "core"',
    title: 'Engineer\nII',
    extras: n % 5 === 0 ? { employeeNumber: String(n), manager: { value: 'm1' }, cost: null } : {},
  };
}

test('an account table gives back what was put in, for thousands of rows (its arrays grow)', () => {
  const table = new AccountTable();
  const rows = 5000;
  const spaces = Array.from({ length: 300 }, (_, i) => table.space(`SP${i}`));
  for (let n = 0; n < rows; n++) {
    const row = table.holder(`acc-${n}`, n % 7 === 0 ? true : n % 7 === 1 ? false : undefined);
    table.addGroup(row, `group-${n % 11}`);
    if (n % 4 === 0) table.addGroup(row, `group-${(n + 1) % 11}`);
    for (let k = 0; k < n % 4; k++)
      table.addPermission(row, spaces[(n + k) % spaces.length] ?? 0, 'add_page');
    if (n % 3 !== 2) table.setScim(row, summary(n));
    if (n % 10 === 0) table.setAdminExtras(row, { lastActive: `2026-01-${n % 28}` });
  }
  assert.equal(table.holder('acc-3', true), 3, 'an existing account keeps its row');
  for (let n = 0; n < rows; n++) {
    const row = table.find(`acc-${n}`);
    assert.equal(row, n);
    const parts = table.partsOf(n);
    assert.equal(parts.accountId, `acc-${n}`);
    assert.equal(parts.member?.isExternalCollaborator, n % 7 === 0 || n === 3);
    const groups = [`group-${n % 11}`, ...(n % 4 === 0 ? [`group-${(n + 1) % 11}`] : [])];
    assert.deepEqual([...parts.groups].sort(), groups.sort());
    const permissions = Array.from({ length: n % 4 }, (_, k) => `SP${(n + k) % 300}:add_page`);
    assert.deepEqual([...parts.spacePermissions].sort(), permissions.sort());
    assert.deepEqual(parts.scim, n % 3 !== 2 ? summary(n) : undefined);
    assert.deepEqual(parts.adminExtras, n % 10 === 0 ? { lastActive: `2026-01-${n % 28}` } : undefined);
  }
});

test('a forgotten account leaves the keys and loses its texts; the others stay', () => {
  const table = new AccountTable();
  for (const id of ['a', 'b', 'c']) table.setScim(table.holder(id), summary(id.charCodeAt(0)));
  table.forget('b');
  assert.deepEqual([...table.keys()], ['a', 'c']);
  assert.equal(table.find('b'), undefined);
  assert.equal(table.partsOf(1).scim, undefined);
  assert.deepEqual(table.partsOf(2).scim, summary('c'.charCodeAt(0)));
});
