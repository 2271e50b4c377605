import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OpenedStore, openStore } from '../../store/index.ts';
import { createSignInGuard, type SignInGuard } from './sign-in-guard.ts';

describe('sign-in back-off', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let opened: OpenedStore;
  let guard: SignInGuard;
  before(async () => {
    opened = await openStore({ url: 'file::memory:' });
    guard = createSignInGuard({
      store: opened.signIns,
      secret: 'k'.repeat(40),
      freeFailures: 3,
      maxDelayMs: 4000,
      now: () => now,
    });
  });
  after(() => opened.close());

  test('after the free failures each wait doubles up to the bound; success forgets', async () => {
    const key = guard.keyFor('Rita', undefined);
    assert.equal(key, guard.keyFor(' rita ', undefined));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await guard.failed(key);
      waits.push(await guard.retryAfterSeconds(key));
    }
    assert.deepEqual(waits, [0, 0, 1, 2, 4, 4]);
    now += 4000;
    assert.equal(await guard.retryAfterSeconds(key), 0, 'the wait ends: never a lock');
    await guard.succeeded(key);
    await guard.failed(key);
    assert.equal(await guard.retryAfterSeconds(key), 0);
  });

  test("a device cookie issued for the username is counted apart; another user's cookie is not", async () => {
    const device = guard.deviceCookie('tess');
    const byName = guard.keyFor('tess', undefined);
    assert.match(guard.keyFor('Tess', device), /^device:/);
    assert.equal(guard.keyFor('rita', device), guard.keyFor('rita', undefined));
    assert.equal(guard.keyFor('tess', `${device}x`), byName, 'a forged device cookie counts as none');
    for (let i = 0; i < 5; i++) await guard.failed(byName);
    assert.ok((await guard.retryAfterSeconds(byName)) > 0);
    assert.equal(await guard.retryAfterSeconds(guard.keyFor('tess', device)), 0);
  });
});
