import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScimHttpError } from './errors.ts';
import { parseProjection } from './projection.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  schemas: ['x'],
  id: '1',
  userName: 'jdoe',
  name: { givenName: 'J', familyName: 'Doe' },
  emails: [{ value: 'j@x', type: 'work', primary: true }],
  timezone: 'UTC',
  [ENTERPRISE]: { department: 'R&D', organization: 'Acme' },
};

describe('parseProjection', () => {
  for (const [query, expected] of [
    [{}, user],
    [{ attributes: 'userName' }, { schemas: ['x'], id: '1', userName: 'jdoe' }],
    [
      { attributes: 'USERNAME,emails.value' },
      { schemas: ['x'], id: '1', userName: 'jdoe', emails: [{ value: 'j@x' }] },
    ],
    [
      { attributes: 'name.givenName,name.familyName' },
      { schemas: ['x'], id: '1', name: { givenName: 'J', familyName: 'Doe' } },
    ],
    [
      { attributes: `${ENTERPRISE}:department` },
      { schemas: ['x'], id: '1', [ENTERPRISE]: { department: 'R&D' } },
    ],
    [
      { attributes: 'urn:ietf:params:scim:schemas:core:2.0:User:timezone' },
      { schemas: ['x'], id: '1', timezone: 'UTC' },
    ],
    [
      { excludedAttributes: 'timezone,emails.type,id' },
      { ...user, timezone: undefined, emails: [{ value: 'j@x', primary: true }] },
    ],
  ] as const) {
    test(JSON.stringify(query), () => {
      const projected = parseProjection(query)(user);
      assert.deepEqual(JSON.parse(JSON.stringify(projected)), JSON.parse(JSON.stringify(expected)));
    });
  }

  test('shows() tells whether a top-level attribute will be in the answer', () => {
    assert.equal(parseProjection({ excludedAttributes: 'members' }).shows('members'), false);
    assert.equal(parseProjection({ excludedAttributes: 'members.display' }).shows('members'), true);
    assert.equal(parseProjection({ attributes: 'displayName' }).shows('members'), false);
    assert.equal(parseProjection({}).shows('members'), true);
  });

  test('attributes with excludedAttributes is invalidValue', () => {
    assert.throws(
      () => parseProjection({ attributes: 'userName', excludedAttributes: 'title' }),
      (error: unknown) => error instanceof ScimHttpError && error.scimType === 'invalidValue',
    );
  });
});
