import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScimHttpError } from './errors.ts';
import { listResponse, parseEqFilter, parsePage } from './list-query.ts';

const USERS = ['userName', 'externalId'];

describe('parseEqFilter', () => {
  for (const [filter, expected] of [
    ['userName eq "jdoe@example.com"', { attribute: 'userName', value: 'jdoe@example.com' }],
    ['USERNAME eq "a"', { attribute: 'userName', value: 'a' }],
    ['externalId eq "E1"', { attribute: 'externalId', value: 'E1' }],
  ] as const) {
    test(`accepts ${filter}`, () => assert.deepEqual(parseEqFilter(filter, USERS), expected));
  }

  for (const filter of [
    'userName co "a"',
    'title eq "a"',
    'userName eq "a" and externalId eq "b"',
    'userName eq true',
    '(',
    '',
  ]) {
    test(`rejects ${JSON.stringify(filter)} as invalidFilter`, () => {
      assert.throws(
        () => parseEqFilter(filter, USERS),
        (error: unknown) =>
          error instanceof ScimHttpError && error.status === 400 && error.scimType === 'invalidFilter',
      );
    });
  }

  test('no filter is no filter', () => assert.equal(parseEqFilter(undefined, USERS), undefined));
});

describe('parsePage', () => {
  for (const [query, expected] of [
    [{}, { startIndex: 1, count: 100 }],
    [
      { startIndex: '0', count: '-5' },
      { startIndex: 1, count: 0 },
    ],
    [
      { startIndex: '101', count: '200' },
      { startIndex: 101, count: 100 },
    ],
    [
      { startIndex: '', count: '' },
      { startIndex: 1, count: 100 },
    ],
  ] as const) {
    test(`${JSON.stringify(query)} gives ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(parsePage(query), expected));
  }

  test('a count that is not an integer is invalidValue', () => {
    assert.throws(
      () => parsePage({ count: '1.5' }),
      (error: unknown) => error instanceof ScimHttpError && error.scimType === 'invalidValue',
    );
  });
});

describe('listResponse', () => {
  const items = Array.from({ length: 7 }, (_, index) => index + 1);
  for (const source of ['array', 'iterable'] as const) {
    test(`cuts a 1-based page out of an ${source}`, () => {
      const input = source === 'array' ? items : new Set(items);
      const body = listResponse(input, { startIndex: 6, count: 5 }, (n) => ({ n }));
      assert.deepEqual(body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 7,
        startIndex: 6,
        itemsPerPage: 2,
        Resources: [{ n: 6 }, { n: 7 }],
      });
    });
  }
});
