import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AccessRequest, DomainError, type Identity, type Job } from '../../src/core/index.ts';
import { freshStore, openAt, STORE_KINDS, waitFor } from './fresh-store.ts';

const NOW = '2026-01-05T09:00:00.000Z';

function identity(id: string, email: string): Identity {
  return {
    id,
    email,
    firstName: 'Ada',
    lastName: 'Lovelace',
    department: 'Engineering',
    jobTitle: 'Engineer',
    managerId: null,
    status: 'active',
    extra: { costCenter: 'CC1' },
    updatedAt: NOW,
  };
}

function request(id: string): AccessRequest {
  return {
    id,
    kind: 'grant',
    requesterId: 'E1',
    beneficiaryId: 'E1',
    itemId: 'space:ENG',
    permissions: ['view'],
    justification: 'work',
    endDate: null,
    status: 'awaiting_approval',
    workflow: 'default',
    stages: [],
    currentStage: 0,
    failureReason: null,
    outcome: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

for (const kind of STORE_KINDS) {
  describe(`store contract: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    before(async () => {
      opened = await freshStore(kind);
    });
    after(async () => opened.dispose());

    test('migrations are versioned and re-applying them is a no-op', async () => {
      const again = await openAt(opened.location);
      await again.close();
    });

    test('identities round-trip and are found by email case-insensitively', async () => {
      await opened.store.transaction((tx) => tx.identities.upsert(identity('E1', 'Ada@Example.com')));
      const found = await opened.store.transaction((tx) => tx.identities.getByEmail('ada@EXAMPLE.com'));
      assert.equal(found?.id, 'E1');
      assert.deepEqual(found?.extra, { costCenter: 'CC1' });
      await opened.store.transaction((tx) =>
        tx.identities.upsert({ ...identity('E1', 'ada@example.com'), status: 'leaver' }),
      );
      assert.equal((await opened.store.transaction((tx) => tx.identities.get('E1')))?.status, 'leaver');
    });

    test('a failed transaction leaves nothing behind: no rows, no audit event, no job', async () => {
      await assert.rejects(
        opened.store.transaction(async (tx) => {
          await tx.identities.upsert(identity('E9', 'nine@example.com'));
          await tx.audit.append({
            at: NOW,
            actor: 'x',
            type: 'identity.created',
            subject: 'identity:E9',
            data: {},
          });
          await tx.jobs.enqueue({ key: 'rolled-back', payload: { kind: 'request', requestId: 'nope' } });
          throw new Error('boom');
        }),
        /boom/,
      );
      const [found, events] = await opened.store.transaction(async (tx) => [
        await tx.identities.get('E9'),
        await tx.audit.list({ subject: 'identity:E9' }),
      ]);
      assert.equal(found, undefined);
      assert.equal(events.length, 0);
      const counts = await opened.queue.counts();
      assert.equal(counts.queued + counts.active + counts.done + counts.failed, 0);
    });

    test('an open key admits one open request; closing it frees the key', async () => {
      await opened.store.transaction((tx) => tx.requests.insert(request('r1'), 'E1|space:ENG|grant'));
      await assert.rejects(
        opened.store.transaction((tx) => tx.requests.insert(request('r2'), 'E1|space:ENG|grant')),
        (error: unknown) => error instanceof DomainError && error.code === 'request.duplicate_open',
      );
      const moved = await opened.store.transaction((tx) =>
        tx.requests.transition('r1', ['awaiting_approval'], { status: 'rejected', updatedAt: NOW }, null),
      );
      assert.equal(moved, true);
      const again = await opened.store.transaction((tx) =>
        tx.requests.transition('r1', ['awaiting_approval'], { status: 'pending', updatedAt: NOW }, null),
      );
      assert.equal(again, false, 'a transition from the wrong status must not apply');
      await opened.store.transaction((tx) => tx.requests.insert(request('r2'), 'E1|space:ENG|grant'));
      assert.equal(
        (await opened.store.transaction((tx) => tx.requests.findOpen('E1|space:ENG|grant')))?.id,
        'r2',
      );
    });

    test('expired grants are the fulfilled ones whose end date has passed', async () => {
      const grant = (id: string, endDate: string | null, status: AccessRequest['status']) =>
        opened.store.transaction((tx) => tx.requests.insert({ ...request(id), endDate, status }, null));
      await grant('x1', '2026-01-05T08:00:00.000Z', 'fulfilled');
      await grant('x2', '2026-01-05T10:00:00.000Z', 'fulfilled');
      await grant('x3', '2026-01-05T07:00:00.000Z', 'pending');
      await grant('x4', null, 'fulfilled');
      await grant('x0', '2026-01-04T08:00:00.000Z', 'fulfilled');
      const expired = await opened.store.transaction((tx) => tx.requests.listExpired(NOW));
      assert.deepEqual(
        expired.map((r) => r.id),
        ['x0', 'x1'],
      );
    });

    test("one person's requests for one item and of some kinds, oldest first", async () => {
      const account = 'account:acc-9';
      const insert = (id: string, patch: Partial<AccessRequest>) =>
        opened.store.transaction((tx) =>
          tx.requests.insert({ ...request(id), beneficiaryId: 'E9', ...patch }, null),
        );
      await insert('k3', {
        kind: 'reactivate',
        itemId: account,
        permissions: [],
        createdAt: '2026-01-05T09:03:00.000Z',
      });
      await insert('k1', {
        kind: 'deactivate',
        itemId: account,
        permissions: [],
        createdAt: '2026-01-05T09:01:00.000Z',
      });
      await insert('k2', { kind: 'revoke', itemId: account, createdAt: '2026-01-05T09:02:00.000Z' });
      await insert('k4', { kind: 'deactivate', itemId: 'account:other', permissions: [] });
      await insert('k5', { kind: 'deactivate', itemId: account, beneficiaryId: 'E8', permissions: [] });
      const found = await opened.store.transaction((tx) =>
        tx.requests.list({ beneficiaryId: 'E9', itemId: account, kinds: ['deactivate', 'reactivate'] }),
      );
      assert.deepEqual(
        found.map((r) => r.id),
        ['k1', 'k3'],
      );
    });

    test('audit events keep their order and data', async () => {
      await opened.store.transaction(async (tx) => {
        for (const n of [1, 2, 3]) {
          await tx.audit.append({ at: NOW, actor: 'a', type: 'test.event', subject: 'order', data: { n } });
        }
      });
      const events = await opened.store.transaction((tx) => tx.audit.list({ subject: 'order' }));
      assert.deepEqual(
        events.map((e) => e.data.n),
        [1, 2, 3],
      );
      assert.ok((events[0]?.seq ?? 0) < (events[2]?.seq ?? 0));
    });

    test('replaceAll swaps accounts and assignments inside one transaction', async () => {
      await opened.store.transaction(async (tx) => {
        await tx.accounts.replaceAll(
          Array.from({ length: 450 }, (_, i) => ({
            key: `acc${i}`,
            email: `P${i}@Example.com`,
            identityId: i === 0 ? 'E1' : null,
            displayName: `P ${i}`,
            disabled: false,
            attributes: { groups: [] },
            aggregatedAt: NOW,
          })),
        );
        await tx.assignments.replaceAll([{ accountKey: 'acc0', kind: 'group', value: 'g1' }]);
      });
      const [accounts, mine, held] = await opened.store.transaction(async (tx) => [
        await tx.accounts.list(),
        await tx.accounts.getByIdentity('E1'),
        await tx.assignments.listByAccount('acc0'),
      ]);
      assert.equal(accounts.length, 450);
      assert.equal(mine?.email, 'p0@example.com');
      assert.deepEqual(held, [{ accountKey: 'acc0', kind: 'group', value: 'g1' }]);
    });

    test('a job runs once per idempotency key, and a retryable failure is retried', async () => {
      const seen: Job[] = [];
      await opened.store.transaction(async (tx) => {
        await tx.jobs.enqueue({ key: 'job-a', payload: { kind: 'request', requestId: 'a' } });
        await tx.jobs.enqueue({ key: 'job-a', payload: { kind: 'request', requestId: 'a' } });
      });
      await opened.queue.start(async (job) => {
        seen.push(job);
        return job.attempt === 1
          ? { status: 'failed', error: 'transient', retryable: true }
          : { status: 'done' };
      });
      await waitFor(
        () => opened.queue.counts(),
        (c) => c.done === 1,
        30_000,
      );
      await opened.queue.stop();
      assert.deepEqual(
        seen.map((j) => [j.payload, j.attempt]),
        [
          [{ kind: 'request', requestId: 'a' }, 1],
          [{ kind: 'request', requestId: 'a' }, 2],
        ],
      );
    });

    test('a deferred job runs again later without spending an attempt', async () => {
      const seen: number[] = [];
      await opened.store.transaction((tx) =>
        tx.jobs.enqueue({ key: 'job-deferred', payload: { kind: 'request', requestId: 'd' } }),
      );
      await opened.queue.start(async (job) => {
        if (job.payload.kind !== 'request' || job.payload.requestId !== 'd') return { status: 'done' };
        seen.push(job.attempt);
        return seen.length === 1 ? { status: 'deferred', reason: 'wait', delayMs: 100 } : { status: 'done' };
      });
      await waitFor(
        async () => seen.length,
        (n) => n >= 2,
        30_000,
      );
      await opened.queue.stop();
      assert.deepEqual(seen, [1, 1]);
    });
  });
}
