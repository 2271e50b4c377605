import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

for (const kind of STORE_KINDS) {
  describe(`sign-in state on ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    before(async () => {
      opened = await freshStore(kind);
    });
    after(() => opened.dispose());

    test('a revoked session is remembered until it expires, then pruned by the next revocation', async () => {
      const { signIns } = opened;
      await signIns.revokeSession('expired', new Date(Date.now() - 1000));
      await signIns.revokeSession('live', new Date(Date.now() + 60_000));
      await signIns.revokeSession('live', new Date(Date.now() + 60_000));
      assert.equal(await signIns.isRevoked('live'), true);
      assert.equal(await signIns.isRevoked('expired'), false, 'pruned once past its expiry');
      assert.equal(await signIns.isRevoked('never'), false);
    });

    test('failures count up with the delay of their count, reset after a day or on success', async () => {
      const { signIns } = opened;
      const now = new Date();
      const delay = (failures: number) => failures * 1000;
      assert.equal((await signIns.recordFailure('k', now, delay)).failures, 1);
      const second = await signIns.recordFailure('k', now, delay);
      assert.deepEqual(second, { failures: 2, notBefore: new Date(now.getTime() + 2000) });
      assert.deepEqual(await signIns.backoff('k', now), second);
      const dayLater = new Date(now.getTime() + 24 * 3_600_000 + 1);
      assert.equal(await signIns.backoff('k', dayLater), undefined, 'a day without failures forgets');
      assert.equal((await signIns.recordFailure('k', dayLater, delay)).failures, 1, 'and counts afresh');
      await signIns.clearBackoff('k');
      assert.equal(await signIns.backoff('k', dayLater), undefined);
    });

    test('attempts count in fixed windows: a new window starts once the last ended', async () => {
      const { signIns } = opened;
      const now = new Date();
      assert.deepEqual(await signIns.countAttempt('a', now, 60_000), { current: 1, ttl: 60_000 });
      const later = new Date(now.getTime() + 10_000);
      assert.deepEqual(await signIns.countAttempt('a', later, 60_000), { current: 2, ttl: 50_000 });
      const next = new Date(now.getTime() + 60_000);
      assert.deepEqual(await signIns.countAttempt('a', next, 60_000), { current: 1, ttl: 60_000 });
      assert.equal((await signIns.countAttempt('b', next, 60_000)).current, 1, 'keys count apart');
    });

    test('concurrent failures from several callers are all counted', async () => {
      const now = new Date();
      await Promise.all(
        Array.from({ length: 10 }, () => opened.signIns.recordFailure('burst', now, () => 0)),
      );
      assert.equal((await opened.signIns.backoff('burst', now))?.failures, 10);
    });
  });
}
