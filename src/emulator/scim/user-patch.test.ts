import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScimHttpError } from './errors.ts';
import { canonicalUserPath } from './user-patch.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('canonicalUserPath', () => {
  for (const [path, expected] of [
    ['title', 'title'],
    ['ACTIVE', 'active'],
    ['name.givenname', 'name.givenName'],
    ['emails[type eq "work"].value', 'emails[type eq "work"].value'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:displayName', 'displayName'],
    [`${ENTERPRISE}:Department`, 'department'],
  ] as const) {
    test(`${path} → ${expected}`, () => assert.equal(canonicalUserPath(path), expected));
  }

  for (const [path, scimType] of [
    ['favouriteColour', 'invalidPath'],
    ['name.nickName', 'invalidPath'],
    ['title[value eq "x"]', 'invalidPath'],
    [`${ENTERPRISE}:manager`, 'invalidPath'],
    ['a b', 'invalidPath'],
    ['id', 'mutability'],
    ['meta.created', 'mutability'],
    ['groups', 'mutability'],
    ['urn:scim:schemas:extension:atlassian-external:1.0:atlassianAccountId', 'mutability'],
  ] as const) {
    test(`${path} is ${scimType}`, () => {
      assert.throws(
        () => canonicalUserPath(path),
        (error: unknown) => error instanceof ScimHttpError && error.scimType === scimType,
      );
    });
  }
});
