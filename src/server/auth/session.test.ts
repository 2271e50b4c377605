import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OpenedStore, openStore } from '../../store/index.ts';
import { createSessionCodec, type SessionCodec } from './session.ts';

describe('session cookies and CSRF tokens', () => {
  let now = Date.now();
  let opened: OpenedStore;
  let codec: SessionCodec;
  const secret = 's'.repeat(40);
  before(async () => {
    opened = await openStore({ url: 'file::memory:' });
    codec = createSessionCodec({ secret, hours: 1, revocations: opened.signIns, now: () => now });
  });
  after(() => opened.close());

  test('a cookie reads back until it expires', async () => {
    const { cookie, claims } = codec.issue('rita');
    assert.deepEqual(await codec.read(cookie), claims);
    now += 3_600_001;
    assert.equal(await codec.read(cookie), undefined);
  });

  test('a cookie signed with another secret, or altered, is refused', async () => {
    const other = createSessionCodec({ secret: 'o'.repeat(40), hours: 1, revocations: opened.signIns });
    const { cookie } = other.issue('rita');
    assert.equal(await codec.read(cookie), undefined);
    const own = codec.issue('rita').cookie;
    const [payload, signature] = own.split('.');
    const forged = Buffer.from(JSON.stringify({ user: 'admin', sid: 'x', exp: now + 1000 })).toString(
      'base64url',
    );
    assert.equal(await codec.read(`${forged}.${signature}`), undefined);
    assert.equal(await codec.read(`${payload}`), undefined);
    assert.equal(await codec.read('garbage'), undefined);
  });

  test('a CSRF token is bound to its session', () => {
    const token = codec.csrfToken('session-a');
    assert.equal(codec.checkCsrf('session-a', token), true);
    assert.equal(codec.checkCsrf('session-b', token), false);
    assert.equal(codec.checkCsrf('session-a', undefined), false);
    assert.equal(codec.checkCsrf('session-a', `${token}x`), false);
  });

  test('a revoked session is refused before it expires, by another codec on the same store too', async () => {
    const { cookie, claims } = codec.issue('rita');
    const other = codec.issue('rita');
    await codec.revoke(claims);
    assert.equal(await codec.read(cookie), undefined);
    const sibling = createSessionCodec({ secret, hours: 1, revocations: opened.signIns, now: () => now });
    assert.equal(await sibling.read(cookie), undefined);
    assert.deepEqual(await codec.read(other.cookie), other.claims);
  });

  test('a pseudonym hides the text, is stable and case-insensitive', () => {
    assert.equal(codec.pseudonym(' Rita '), codec.pseudonym('rita'));
    assert.notEqual(codec.pseudonym('rita'), codec.pseudonym('tess'));
    assert.doesNotMatch(codec.pseudonym('rita'), /rita/);
  });
});
