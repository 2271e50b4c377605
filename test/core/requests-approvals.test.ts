import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ApprovalService,
  createApprovalService,
  createAuditService,
  createIdentityService,
  createRequestService,
  DomainError,
  type DomainErrorCode,
  loadWorkflowPolicy,
  ManualClock,
  type RequestService,
  randomIds,
} from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from '../store/fresh-store.ts';
import { HR_CSV, seedAccess, WORKFLOWS_YAML } from './governance-fixture.ts';

const HOUR = 3_600_000;

async function refused(promise: Promise<unknown>, code: DomainErrorCode): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

for (const kind of STORE_KINDS) {
  describe(`access requests and approvals: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    let requests: RequestService;
    let approvals: ApprovalService;
    const clock = new ManualClock();
    before(async () => {
      opened = await freshStore(kind);
      const deps = { store: opened.store, clock, ids: randomIds };
      const workflows = loadWorkflowPolicy('workflows.yaml', WORKFLOWS_YAML);
      await seedAccess(opened.store, clock);
      await createIdentityService(deps).importHr('hr.csv', HR_CSV);
      requests = createRequestService({ ...deps, workflows: () => workflows });
      approvals = createApprovalService(deps);
    });
    after(async () => opened.dispose());

    test('refusals carry their reason', async () => {
      const base = {
        requesterId: 'U1',
        itemId: 'space:ENG',
        permissions: ['add_page'],
        justification: 'docs',
      };
      await refused(
        requests.submit({ ...base, itemId: 'group:g-admins', permissions: [] }),
        'catalog.not_requestable',
      );
      await refused(requests.submit({ ...base, itemId: 'space:NOPE' }), 'catalog.not_found');
      const malformed = await refused(requests.submit({ ...base, itemId: 'group:' }), 'catalog.invalid_id');
      assert.match(malformed.message, /the group id is empty/);
      await refused(requests.submit({ ...base, permissions: [] }), 'request.invalid');
      await refused(requests.submit({ ...base, permissions: ['delete_mail'] }), 'request.invalid');
      await refused(requests.submit({ ...base, justification: '  ' }), 'request.invalid');
      await refused(requests.submit({ ...base, endDate: '2020-01-01' }), 'request.invalid');
      await refused(requests.submit({ ...base, beneficiaryId: 'L1' }), 'identity.leaver');
      const held = await refused(
        requests.submit({ ...base, beneficiaryId: 'U2', permissions: ['view', 'add_page'] }),
        'request.already_held',
      );
      assert.deepEqual(held.details, { held: ['ENG:view'] });
      await refused(
        requests.submit({ ...base, kind: 'revoke', beneficiaryId: 'U2', permissions: ['admin'] }),
        'request.not_held',
      );
      const first = await requests.submit(base);
      const dup = await refused(requests.submit(base), 'request.duplicate_open');
      assert.deepEqual(dup.details, { requestId: first.id });
    });

    test('two identical requests at the same moment: one is taken, the other refused as a duplicate', async () => {
      const input = { requesterId: 'U3', itemId: 'group:g-docs', justification: 'docs' };
      const results = await Promise.allSettled([requests.submit(input), requests.submit(input)]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refusal = results.find((r) => r.status === 'rejected');
      assert.ok(refusal?.status === 'rejected' && refusal.reason instanceof DomainError);
      assert.equal(refusal.reason.code, 'request.duplicate_open');
    });

    test('View approves itself: pending at once with its job queued', async () => {
      const request = await requests.submit({
        requesterId: 'U1',
        itemId: 'space:DOCS',
        permissions: ['view'],
        justification: 'read the docs',
      });
      assert.equal(request.status, 'pending');
      assert.equal(request.workflow, 'view-approves-itself');
      const types = (await createAuditService(opened).list({ subject: `request:${request.id}` })).map(
        (e) => e.type,
      );
      assert.deepEqual(types, ['request.created', 'request.approved', 'fulfillment.queued']);
      assert.ok((await opened.queue.counts()).queued >= 1);
    });

    test('Admin goes through manager, owner and all of security; nobody approves their own request', async () => {
      const request = await requests.submit({
        requesterId: 'S1',
        beneficiaryId: 'U2',
        itemId: 'space:ENG',
        permissions: ['admin'],
        justification: 'run the space',
      });
      assert.deepEqual(
        request.stages.map((s) => [s.name, s.approvers]),
        [
          ['manager', ['M1']],
          ['owner', ['O1']],
          ['security', ['S2']],
        ],
        'the requester S1 is dropped from the security stage',
      );
      const decide = (approverId: string, decision: 'approved' | 'rejected' = 'approved') =>
        approvals.decide({ requestId: request.id, approverId, decision, reason: `ok from ${approverId}` });
      await refused(decide('S1'), 'approval.self_approval');
      await refused(decide('O1'), 'approval.not_assignee');
      clock.advance(1000);
      assert.equal((await decide('M1')).currentStage, 1);
      await refused(decide('M1'), 'approval.not_assignee');
      assert.deepEqual(
        (await approvals.listAssigned('O1')).map((a) => a.request.id),
        [request.id],
      );
      assert.equal((await decide('O1')).currentStage, 2);
      const done = await decide('S2');
      assert.equal(done.status, 'pending');
      const decided = (await approvals.listForRequest(request.id)).map((a) => [
        a.approverId,
        a.decision,
        a.reason,
      ]);
      assert.deepEqual(decided, [
        ['M1', 'approved', 'ok from M1'],
        ['O1', 'approved', 'ok from O1'],
        ['S2', 'approved', 'ok from S2'],
      ]);
      const events = await createAuditService(opened).list({
        subject: `request:${request.id}`,
        type: 'approval.decided',
      });
      assert.deepEqual(
        events.map((e) => [e.actor, e.data.reason]),
        [
          ['M1', 'ok from M1'],
          ['O1', 'ok from O1'],
          ['S2', 'ok from S2'],
        ],
      );
      assert.ok(events.every((e) => typeof e.at === 'string' && e.at === e.data.at));
    });

    test("a space's administrators approve when the workflow names them", async () => {
      const request = await requests.submit({
        requesterId: 'U3',
        itemId: 'space:ENG',
        permissions: ['add_blog'],
        justification: 'blog',
      });
      assert.equal(request.workflow, 'eng-blog-by-space-admins');
      assert.deepEqual(
        request.stages.map((s) => s.approvers),
        [['U2']],
        'direct admins only, found through their account',
      );
      const done = await approvals.decide({
        requestId: request.id,
        approverId: 'U2',
        decision: 'approved',
        reason: 'sure',
      });
      assert.equal(done.status, 'pending');
    });

    test('a rejection closes the request and frees it for a new one', async () => {
      const input = { requesterId: 'U1', itemId: 'group:g-docs', justification: 'write docs' };
      const request = await requests.submit(input);
      await refused(
        approvals.decide({ requestId: request.id, approverId: 'M1', decision: 'rejected', reason: '' }),
        'request.invalid',
      );
      const rejected = await approvals.decide({
        requestId: request.id,
        approverId: 'M1',
        decision: 'rejected',
        reason: 'not needed',
      });
      assert.equal(rejected.status, 'rejected');
      await refused(
        approvals.decide({ requestId: request.id, approverId: 'M1', decision: 'approved', reason: 'x' }),
        'request.not_open',
      );
      const again = await requests.submit(input);
      assert.equal(again.status, 'awaiting_approval');
      await requests.cancel(again.id, 'U1');
      assert.equal((await requests.get(again.id)).status, 'cancelled');
    });

    test('a batch of decisions is all or nothing: one refusal records none, a reason is needed to reject', async () => {
      const first = await requests.submit({
        requesterId: 'U3',
        itemId: 'space:DOCS',
        permissions: ['add_page'],
        justification: 'write the notes',
      });
      const second = await requests.submit({
        requesterId: 'U1',
        itemId: 'group:g-docs',
        justification: 'docs',
      });
      const batch = { approverId: 'M1', decision: 'approved' as const, reason: 'fine' };
      await refused(
        approvals.decideMany({ ...batch, requestIds: [first.id, 'req_nobody'] }),
        'request.not_found',
      );
      assert.equal((await requests.get(first.id)).currentStage, 0, 'the first decision was not kept');
      await refused(
        approvals.decideMany({
          ...batch,
          decision: 'rejected',
          reason: ' ',
          requestIds: [first.id, second.id],
        }),
        'request.invalid',
      );
      const decided = await approvals.decideMany({
        ...batch,
        decision: 'rejected',
        reason: 'not this quarter',
        requestIds: [first.id, second.id, first.id],
      });
      assert.deepEqual(
        decided.map((r) => [r.id, r.status]),
        [
          [first.id, 'rejected'],
          [second.id, 'rejected'],
        ],
      );
    });

    test('reminders after the stage timeout, escalation after the escalation timeout', async () => {
      const request = await requests.submit({
        requesterId: 'U2',
        itemId: 'space:DOCS',
        permissions: ['add_blog'],
        justification: 'blog',
      });
      assert.deepEqual(await approvals.processTimeouts(), { reminded: [], escalated: [] });
      clock.advance(25 * HOUR);
      const first = await approvals.processTimeouts();
      assert.ok(first.reminded.some((r) => r.requestId === request.id && r.approverId === 'M1'));
      assert.ok(
        !(await approvals.processTimeouts()).reminded.some((r) => r.requestId === request.id),
        'reminded once',
      );
      clock.advance(48 * HOUR);
      const second = await approvals.processTimeouts();
      assert.deepEqual(second.escalated.find((e) => e.requestId === request.id)?.approverIds, ['X1']);
      const moved = await approvals.decide({
        requestId: request.id,
        approverId: 'X1',
        decision: 'approved',
        reason: 'escalated to me',
      });
      assert.equal(moved.currentStage, 1);
    });

    test('two approvers deciding an all-of stage at the same moment complete it once', async () => {
      const request = await requests.submit({
        requesterId: 'U3',
        itemId: 'space:DOCS',
        permissions: ['export_space'],
        justification: 'archive',
      });
      const decide = (approverId: string) =>
        approvals.decide({ requestId: request.id, approverId, decision: 'approved', reason: 'ok' });
      await decide('M1');
      await decide('O1');
      const [a, b] = await Promise.all([decide('S1'), decide('S2')]);
      assert.deepEqual([a.status, b.status].sort(), ['awaiting_approval', 'pending']);
      assert.equal((await requests.get(request.id)).status, 'pending');
      const queued = await createAuditService(opened).list({
        subject: `request:${request.id}`,
        type: 'fulfillment.queued',
      });
      assert.equal(queued.length, 1);
    });
  });
}
