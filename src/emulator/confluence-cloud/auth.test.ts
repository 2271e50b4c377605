import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authFailure } from './auth.ts';

describe('authFailure', () => {
  test('documented answers are 401 on both generations', () => {
    assert.equal(authFailure('v1', 'documented').status, 401);
    assert.equal(authFailure('v2', 'documented').status, 401);
  });

  test('observed answers are v1 403 and v2 404, as Cloud sites answered a bad token', () => {
    const v1 = authFailure('v1', 'observed');
    assert.deepEqual([v1.status, v1.message], [403, 'Current user not permitted to use Confluence']);
    assert.equal(authFailure('v2', 'observed').status, 404);
  });
});
