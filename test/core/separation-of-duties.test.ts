import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ApprovalService,
  createApprovalService,
  createIdentityService,
  createRequestService,
  DomainError,
  loadWorkflowPolicy,
  ManualClock,
  type RequestService,
  randomIds,
} from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from '../store/fresh-store.ts';
import { HR_CSV, seedAccess } from './governance-fixture.ts';

/** The catalog owner O1 approves; when O1 is a party, the stage falls back to X1; groups need the owner alone. */
const WORKFLOWS = `
version: 1
workflows:
  - name: owner-with-fallback
    when: { types: [space] }
    stages:
      - name: owner
        approvers: [itemOwner]
        escalateTo: [X1]
  - name: owner-only
    stages:
      - name: owner
        approvers: [itemOwner]
`;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DomainError, String(error));
  return error;
}

for (const kind of STORE_KINDS) {
  describe(`separation of duties: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    let requests: RequestService;
    let approvals: ApprovalService;
    const clock = new ManualClock();
    before(async () => {
      opened = await freshStore(kind);
      const deps = { store: opened.store, clock, ids: randomIds };
      const workflows = loadWorkflowPolicy('workflows.yaml', WORKFLOWS);
      await seedAccess(opened.store, clock);
      await createIdentityService(deps).importHr('hr.csv', HR_CSV);
      requests = createRequestService({ ...deps, workflows: () => workflows });
      approvals = createApprovalService(deps);
    });
    after(async () => opened.dispose());

    test('a beneficiary who owns the item is not its approver: the stage falls back, and they cannot decide', async () => {
      const request = await requests.submit({
        requesterId: 'S1',
        beneficiaryId: 'O1',
        itemId: 'space:ENG',
        permissions: ['add_page'],
        justification: 'owner needs to write',
      });
      assert.deepEqual(
        request.stages.map((s) => s.approvers),
        [['X1']],
      );
      const own = await refusal(
        approvals.decide({ requestId: request.id, approverId: 'O1', decision: 'approved', reason: 'me' }),
      );
      assert.equal(own.code, 'approval.self_approval');
      const done = await approvals.decide({
        requestId: request.id,
        approverId: 'X1',
        decision: 'approved',
        reason: 'ok',
      });
      assert.equal(done.status, 'pending');
    });

    test('a stage whose only approver is the beneficiary is refused at submit, naming the stage', async () => {
      const error = await refusal(
        requests.submit({
          requesterId: 'S1',
          beneficiaryId: 'O1',
          itemId: 'group:g-docs',
          justification: 'owner joins their own group',
        }),
      );
      assert.equal(error.code, 'workflow.no_approvers');
      assert.deepEqual(error.details, { workflow: 'owner-only', stage: 'owner' });
      assert.equal(
        (await requests.list({ beneficiaryId: 'O1' })).length,
        1,
        'nothing stored for the refusal',
      );
    });

    test('an approval that names the beneficiary (frozen before this rule) is neither listed nor decidable', async () => {
      const request = await requests.submit({
        requesterId: 'S1',
        beneficiaryId: 'U1',
        itemId: 'group:g-docs',
        justification: 'docs',
      });
      await opened.store.transaction((tx) =>
        tx.approvals.insert({
          id: 'apr-legacy',
          requestId: request.id,
          stage: 0,
          approverId: 'U1',
          decision: null,
          reason: null,
          decidedAt: null,
          assignedAt: clock.now().toISOString(),
          remindedAt: null,
          escalated: false,
        }),
      );
      assert.deepEqual(await approvals.listAssigned('U1'), []);
      const inbox = await opened.store.transaction((tx) =>
        tx.approvals.inbox({ approverId: 'U1', limit: 10 }),
      );
      assert.deepEqual(inbox.items, [], 'nor in the inbox the pages read');
      const own = await refusal(
        approvals.decide({ requestId: request.id, approverId: 'U1', decision: 'approved', reason: 'me' }),
      );
      assert.equal(own.code, 'approval.self_approval');
      assert.equal((await requests.get(request.id)).status, 'awaiting_approval');
      const requester = await refusal(
        approvals.decide({ requestId: request.id, approverId: 'S1', decision: 'approved', reason: 'me' }),
      );
      assert.equal(requester.code, 'approval.self_approval');
    });
  });
}
