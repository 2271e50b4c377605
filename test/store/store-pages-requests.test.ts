import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, Approval, AuditEvent, RequestStatus } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { byKeys, walkPages } from './paging.ts';

const REQUESTS = 2_000;
const EVENTS = 3_000;
const STATUSES: RequestStatus[] = ['awaiting_approval', 'fulfilled', 'rejected', 'pending'];

/** Requests whose creation times tie in fives (so the id decides), spread over people, items and statuses. */
function request(i: number): AccessRequest {
  return {
    id: `r-${String((i * 37) % REQUESTS).padStart(5, '0')}`,
    kind: 'grant',
    requesterId: `E${i % 40}`,
    beneficiaryId: `E${i % 30}`,
    itemId: `space:S${i % 25}`,
    permissions: ['view'],
    justification: 'work',
    endDate: null,
    status: STATUSES[i % STATUSES.length] ?? 'pending',
    workflow: 'default',
    stages: [],
    currentStage: i % 5 === 0 ? 0 : 1,
    failureReason: null,
    outcome: null,
    createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 5) * 60_000).toISOString(),
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Approver A1 holds an undecided approval at stage 1 of every third request. */
function approval(r: AccessRequest, i: number): Approval {
  return {
    id: `a-${r.id}`,
    requestId: r.id,
    stage: 1,
    approverId: i % 3 === 0 ? 'A1' : 'A2',
    decision: i % 11 === 0 ? 'approved' : null,
    reason: null,
    decidedAt: null,
    assignedAt: r.createdAt,
    remindedAt: null,
    escalated: false,
  };
}

function event(i: number): Omit<AuditEvent, 'seq'> {
  return {
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: `actor${i % 7}`,
    type: i % 2 === 0 ? 'request.submitted' : 'approval.decided',
    subject: `request:r${i % 50}`,
    data: { i },
  };
}

for (const kind of STORE_KINDS) {
  describe(`store pages, requests and audit: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const requests = Array.from({ length: REQUESTS }, (_, i) => request(i));
    const approvals = requests.map(approval);
    const newest = byKeys<AccessRequest>(
      (r) => r.createdAt,
      (r) => r.id,
    );
    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (const r of requests) await tx.requests.insert(r, null);
        for (const a of approvals) await tx.approvals.insert(a);
        for (let i = 0; i < EVENTS; i++) await tx.audit.append(event(i));
      });
    });
    after(async () => opened.dispose());

    test('requests page newest first, filtered by status, beneficiary, requester and item', async () => {
      const all = await walkPages((page) => opened.store.transaction((tx) => tx.requests.page(page)), 300);
      assert.deepEqual(
        all.items.map((r) => r.id),
        [...requests]
          .sort(newest)
          .reverse()
          .map((r) => r.id),
      );
      const filters: Array<[object, (r: AccessRequest) => boolean]> = [
        [{ status: ['fulfilled', 'pending'] }, (r) => r.status === 'fulfilled' || r.status === 'pending'],
        [
          { beneficiaryId: 'E3', itemId: 'space:S3' },
          (r) => r.beneficiaryId === 'E3' && r.itemId === 'space:S3',
        ],
        [{ requesterId: 'E7' }, (r) => r.requesterId === 'E7'],
      ];
      for (const [filter, keep] of filters) {
        const walked = await walkPages(
          (page) => opened.store.transaction((tx) => tx.requests.page({ ...page, ...filter })),
          13,
        );
        const expected = requests.filter(keep).sort(newest).reverse();
        assert.ok(expected.length > 13, JSON.stringify(filter));
        assert.deepEqual(
          walked.items.map((r) => r.id),
          expected.map((r) => r.id),
          JSON.stringify(filter),
        );
      }
    });

    test('requests page oldest first when asked, with the status filter and the total', async () => {
      const filter = { status: ['awaiting_approval' as const, 'pending' as const], oldestFirst: true };
      const walked = await walkPages(
        (page) => opened.store.transaction((tx) => tx.requests.page({ ...page, ...filter })),
        17,
      );
      const expected = requests
        .filter((r) => r.status === 'awaiting_approval' || r.status === 'pending')
        .sort(newest);
      assert.ok(expected.length > 17);
      assert.deepEqual(
        walked.items.map((r) => r.id),
        expected.map((r) => r.id),
      );
      const first = await opened.store.transaction((tx) =>
        tx.requests.page({ ...filter, limit: 1, withTotal: true }),
      );
      assert.equal(first.total, expected.length);
      assert.equal(first.items[0]?.id, expected[0]?.id);
    });

    test('visibility keeps what one requested, is the beneficiary of, or approves', async () => {
      const mine = await walkPages(
        (page) =>
          opened.store.transaction((tx) =>
            tx.requests.page({ ...page, visibleTo: { identityId: 'E5', asOwner: false, asApprover: false } }),
          ),
        50,
      );
      const expected = requests.filter((r) => r.requesterId === 'E5' || r.beneficiaryId === 'E5');
      assert.deepEqual(
        mine.items.map((r) => r.id),
        expected
          .sort(newest)
          .reverse()
          .map((r) => r.id),
      );
      const approver = await opened.store.transaction((tx) =>
        tx.requests.page({
          limit: 5,
          withTotal: true,
          visibleTo: { identityId: 'A1', asOwner: true, asApprover: true },
        }),
      );
      assert.equal(approver.total, approvals.filter((a) => a.approverId === 'A1').length);
    });

    test("the inbox holds the approver's undecided approvals at the current stage of awaiting requests, oldest first", async () => {
      const walked = await walkPages(
        (page) => opened.store.transaction((tx) => tx.approvals.inbox({ ...page, approverId: 'A1' })),
        25,
      );
      const expected = requests
        .filter((r, i) => {
          const a = approvals[i];
          return (
            a?.approverId === 'A1' &&
            a.decision === null &&
            r.status === 'awaiting_approval' &&
            r.currentStage === 1
          );
        })
        .sort(
          byKeys(
            (r) => r.createdAt,
            (r) => `a-${r.id}`,
          ),
        );
      assert.ok(expected.length > 25);
      assert.deepEqual(
        walked.items.map((e) => e.request.id),
        expected.map((r) => r.id),
      );
      assert.ok(walked.items.every((e) => e.approval.requestId === e.request.id));
    });

    test('the audit log pages newest first by sequence, filtered by type, actor, subject and time', async () => {
      const all = await walkPages((page) => opened.store.transaction((tx) => tx.audit.page(page)), 500);
      assert.equal(all.items.length, EVENTS);
      assert.deepEqual(
        all.items.map((e) => e.data.i),
        Array.from({ length: EVENTS }, (_, i) => EVENTS - 1 - i),
      );
      const since = event(1000).at;
      const until = event(2000).at;
      const filter = { type: 'request.submitted', actor: 'actor3', since, until };
      const walked = await walkPages(
        (page) => opened.store.transaction((tx) => tx.audit.page({ ...page, ...filter })),
        9,
      );
      const expected = Array.from({ length: EVENTS }, (_, i) => i)
        .filter((i) => i % 2 === 0 && i % 7 === 3 && i >= 1000 && i <= 2000)
        .reverse();
      assert.deepEqual(
        walked.items.map((e) => e.data.i),
        expected,
      );
      const subject = await opened.store.transaction((tx) =>
        tx.audit.page({ limit: 100, subject: 'request:r7', withTotal: true }),
      );
      assert.equal(subject.total, EVENTS / 50);
      assert.equal(subject.items.length, EVENTS / 50);
    });

    test('the failures list: failed and partly done requests, newest first, with their attempts', async () => {
      const failed = requests.filter((_, i) => i % 97 === 0);
      await opened.store.transaction(async (tx) => {
        for (const [n, r] of failed.entries()) {
          const status = n % 2 === 0 ? 'failed' : 'partially_fulfilled';
          const moved = await tx.requests.transition(
            r.id,
            [r.status],
            { status, failureReason: 'forbidden: refused', attempts: n + 1 },
            null,
          );
          assert.ok(moved);
        }
      });
      const statuses: RequestStatus[] = ['failed', 'partially_fulfilled'];
      const all = await walkPages(
        (page) => opened.store.transaction((tx) => tx.requests.page({ ...page, status: statuses })),
        7,
      );
      assert.ok(all.pages > 1, 'more than one page');
      assert.deepEqual(
        all.items.map((r) => r.id),
        [...failed]
          .sort(newest)
          .reverse()
          .map((r) => r.id),
      );
      const attempts = new Map(failed.map((r, n) => [r.id, n + 1]));
      assert.ok(
        all.items.every((r) => r.attempts === attempts.get(r.id) && r.failureReason === 'forbidden: refused'),
      );
      const one = failed[0]?.beneficiaryId ?? '';
      const theirs = await opened.store.transaction((tx) =>
        tx.requests.page({ limit: 200, status: statuses, beneficiaryId: one, withTotal: true }),
      );
      assert.equal(theirs.total, failed.filter((r) => r.beneficiaryId === one).length);
      assert.equal(
        (await opened.store.transaction((tx) => tx.requests.get(requests[1]?.id ?? '')))?.attempts,
        undefined,
      );
    });
  });
}
