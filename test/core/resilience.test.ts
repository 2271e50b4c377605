import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomainError } from '../../src/core/index.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import {
  addFault,
  addLoopEntitlements,
  clearFaults,
  hrFor,
  type Loop,
  startLoop,
  usableAccounts,
} from './loop-fixture.ts';

for (const kind of STORE_KINDS) {
  describe(`failures on the way: ${kind}`, () => {
    let loop: Loop;
    let spaceKey: string;
    const countStored = () =>
      loop.store.store.transaction(async (tx) => [
        (await tx.accounts.list()).length,
        (await tx.entitlements.list()).length,
        await tx.assignments.count(),
      ]);

    before(async () => {
      // The connector does not retry on its own here, so every transient error reaches the job queue.
      loop = await startLoop(kind, { retryAttempts: 0 });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      const people = usableAccounts(loop.emulator, accounts).slice(0, 4);
      ({ spaceKey } = addLoopEntitlements(loop.emulator, people[0]?.key ?? ''));
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.startWorker();
    });
    after(async () => loop.close());
    const permissionPath = () => `/wiki/rest/api/space/${spaceKey}/permission`;

    test('a failed aggregation keeps the good data it had', async () => {
      const before = await countStored();
      await addFault(loop, { kind: 'status', status: 500, pathPrefix: '/wiki/api/v2/spaces', rate: 1 });
      await assert.rejects(
        loop.gov.aggregation.aggregate('test'),
        (error: unknown) => error instanceof DomainError && error.code === 'aggregation.failed',
      );
      await clearFaults(loop);
      assert.deepEqual(await countStored(), before);
      const events = await loop.gov.audit.list({ subject: 'aggregation', type: 'aggregation.failed' });
      assert.equal(events.length, 1);
    });

    test('transient errors are retried with backoff until the change is written and verified', async () => {
      await addFault(loop, {
        kind: 'status',
        status: 503,
        method: 'POST',
        pathPrefix: permissionPath(),
        count: 2,
        retryAfterSeconds: 0,
      });
      const request = await loop.gov.requests.submit({
        requesterId: 'E1',
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'read',
      });
      const done = await loop.settle(request.id);
      await clearFaults(loop);
      assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
      const retried = await loop.gov.audit.list({
        subject: `request:${request.id}`,
        type: 'fulfillment.retried',
      });
      assert.deepEqual(
        retried.map((e) => e.data.attempt),
        [1, 2],
      );
    });

    test('a permanent error fails the request with the reason', async () => {
      await addFault(loop, {
        kind: 'status',
        status: 400,
        method: 'POST',
        pathPrefix: permissionPath(),
        rate: 1,
      });
      const request = await loop.gov.requests.submit({
        requesterId: 'E2',
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'read',
      });
      const done = await loop.settle(request.id);
      await clearFaults(loop);
      assert.equal(done.status, 'failed');
      assert.match(done.failureReason ?? '', /^invalid_input: /);
      const failed = await loop.gov.audit.list({
        subject: `request:${request.id}`,
        type: 'fulfillment.failed',
      });
      assert.equal(failed.length, 1);
      const again = await loop.gov.requests.submit({
        requesterId: 'E2',
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'retry',
      });
      assert.equal(
        (await loop.settle(again.id)).status,
        'fulfilled',
        'a failed request frees the item for a new one',
      );
    });
  });
}
