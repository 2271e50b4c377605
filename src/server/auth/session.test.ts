import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSessionCodec } from './session.ts';

describe('session cookies and CSRF tokens', () => {
  let now = 1_000_000;
  const codec = createSessionCodec({ secret: 's'.repeat(40), hours: 1, now: () => now });

  test('a cookie reads back until it expires', () => {
    const { cookie, claims } = codec.issue('rita');
    assert.deepEqual(codec.read(cookie), claims);
    now += 3_600_001;
    assert.equal(codec.read(cookie), undefined);
  });

  test('a cookie signed with another secret, or altered, is refused', () => {
    const other = createSessionCodec({ secret: 'o'.repeat(40), hours: 1, now: () => now });
    const { cookie } = other.issue('rita');
    assert.equal(codec.read(cookie), undefined);
    const own = codec.issue('rita').cookie;
    const [payload, signature] = own.split('.');
    const forged = Buffer.from(JSON.stringify({ user: 'admin', sid: 'x', exp: now + 1000 })).toString(
      'base64url',
    );
    assert.equal(codec.read(`${forged}.${signature}`), undefined);
    assert.equal(codec.read(`${payload}`), undefined);
    assert.equal(codec.read('garbage'), undefined);
  });

  test('a CSRF token is bound to its session', () => {
    const token = codec.csrfToken('session-a');
    assert.equal(codec.checkCsrf('session-a', token), true);
    assert.equal(codec.checkCsrf('session-b', token), false);
    assert.equal(codec.checkCsrf('session-a', undefined), false);
    assert.equal(codec.checkCsrf('session-a', `${token}x`), false);
  });

  test('a revoked session is refused before it expires', () => {
    const { cookie, claims } = codec.issue('rita');
    const other = codec.issue('rita');
    codec.revoke(claims);
    assert.equal(codec.read(cookie), undefined);
    assert.deepEqual(codec.read(other.cookie), other.claims);
  });
});
