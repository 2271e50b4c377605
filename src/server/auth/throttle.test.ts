import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSignInThrottle } from './throttle.ts';

test('a username is refused after too many failures, until the window passes; success forgets', () => {
  let now = 0;
  const throttle = createSignInThrottle({ maxFailures: 3, windowMs: 1000, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.blocked('Rita'), false);
    throttle.failed('rita');
  }
  assert.equal(throttle.blocked(' RITA '), true);
  assert.equal(throttle.blocked('other'), false);
  now = 1001;
  assert.equal(throttle.blocked('rita'), false);
  throttle.failed('rita');
  throttle.succeeded('rita');
  throttle.failed('rita');
  throttle.failed('rita');
  assert.equal(throttle.blocked('rita'), false);
});
