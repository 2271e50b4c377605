import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../errors.ts';
import { type CatalogItemRef, catalogItemId, parseCatalogItemId } from './catalog-item-id.ts';

/** Fixed seed (FUZZ_SEED to reproduce another run). */
const RUN = { seed: Number(process.env.FUZZ_SEED ?? 20261201), numRuns: 500 };

describe('parseCatalogItemId: every id the catalog can hold parses, as it is', () => {
  const cases: Array<[string, string, CatalogItemRef]> = [
    ['a team space', 'space:ENG', { type: 'space', key: 'ENG' }],
    [
      'a Cloud personal space (the key holds a colon)',
      'space:~557058:0f3c',
      { type: 'space', key: '~557058:0f3c' },
    ],
    ['a Data Center personal space (lower case)', 'space:~jane.doe', { type: 'space', key: '~jane.doe' }],
    ['a lower-case key, kept as given', 'space:eng', { type: 'space', key: 'eng' }],
    ['a key with a space inside, kept as given', 'space:lower case', { type: 'space', key: 'lower case' }],
    [
      'a Cloud group (a uuid)',
      'group:5b1e2c5a-1d1b-4f7e-9c1a-2f0b6f3e9d11',
      { type: 'group', key: '5b1e2c5a-1d1b-4f7e-9c1a-2f0b6f3e9d11' },
    ],
    ['a Data Center group (a name)', 'group:confluence-users', { type: 'group', key: 'confluence-users' }],
    ['a group name with a colon', 'group:team:docs', { type: 'group', key: 'team:docs' }],
    [
      'a Data Center group named with spaces around (its REST API takes one)',
      'group: team ',
      { type: 'group', key: ' team ' },
    ],
  ];
  for (const [name, text, ref] of cases) {
    test(name, () => {
      assert.deepEqual(parseCatalogItemId(text), ref);
      assert.equal(catalogItemId(ref.type, ref.key), text);
    });
  }
});

describe('parseCatalogItemId: a malformed id is refused with the problem named', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['nothing', '', /"": no kind; expected space:KEY or group:<id>/],
    ['a bare key', 'ENG', /"ENG": no kind; expected space:KEY or group:<id>/],
    ['a kind alone', 'group', /"group": no kind/],
    ['an empty kind', ':ENG', /":ENG": no kind/],
    ['an unknown kind', 'page:123', /"page:123": unknown kind "page"/],
    ['a kind in capitals', 'Space:ENG', /unknown kind "Space"/],
    ['an empty group id', 'group:', /"group:": the group id is empty/],
    ['an empty space key', 'space:', /"space:": the space key is empty/],
    ['a blank space key', 'space:   ', /the space key is empty/],
    ['a blank group id', 'group:\t', /the group id is empty/],
  ];
  for (const [name, text, message] of cases) {
    test(name, () => {
      assert.throws(
        () => parseCatalogItemId(text),
        (error: unknown) =>
          error instanceof DomainError &&
          error.code === 'catalog.invalid_id' &&
          message.test(error.message) &&
          error.details?.id === text,
      );
    });
  }

  test('a long id is shortened in the message, whole in the details', () => {
    const text = `page:${'x'.repeat(500)}`;
    assert.throws(
      () => parseCatalogItemId(text),
      (error: unknown) =>
        error instanceof DomainError && error.message.length < 160 && error.details?.id === text,
    );
  });
});

describe('parseCatalogItemId and catalogItemId are inverses', () => {
  const key = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((k) => k.trim() !== '');

  test('a formatted id parses back to its type and key', () => {
    fc.assert(
      fc.property(fc.constantFrom('group' as const, 'space' as const), key, (type, k) => {
        assert.deepEqual(parseCatalogItemId(catalogItemId(type, k)), { type, key: k });
      }),
      RUN,
    );
  });

  test('any text either parses to a ref that formats back to it, or is refused as catalog.invalid_id', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('group', 'space', 'group:', 'space:', ':'),
      fc
        .tuple(fc.constantFrom('group:', 'space:', 'Group:', ':'), fc.string({ maxLength: 20 }))
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(text, (t) => {
        let ref: CatalogItemRef;
        try {
          ref = parseCatalogItemId(t);
        } catch (error) {
          assert.ok(error instanceof DomainError && error.code === 'catalog.invalid_id', String(error));
          return;
        }
        assert.equal(catalogItemId(ref.type, ref.key), t);
      }),
      RUN,
    );
  });
});
