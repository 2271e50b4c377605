import { recordEvent } from '../audit/audit.ts';
import { requestRisk } from '../catalog/risk.ts';
import { DomainError } from '../errors.ts';
import { type FailureActor, resolveByHand, retryFailed } from '../lifecycle/failed-requests.ts';
import { queueFulfillment } from '../lifecycle/queue-fulfillment.ts';
import type { AccessRequest, RequestStatus } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { assignStage } from '../workflows/stages.ts';
import type { WorkflowPolicy } from '../workflows/workflow-policy.ts';
import { checkSubmission, freezeWorkflow, type SubmitRequestInput } from './submit-checks.ts';

export type { FailureActor } from '../lifecycle/failed-requests.ts';
export type { SubmitRequestInput } from './submit-checks.ts';

/** Access and revocation requests. */
export interface RequestService {
  submit(input: SubmitRequestInput): Promise<AccessRequest>;
  cancel(requestId: string, actor: string): Promise<AccessRequest>;
  get(requestId: string): Promise<AccessRequest>;
  list(filter?: { status?: RequestStatus[]; beneficiaryId?: string }): Promise<AccessRequest[]>;
  /** Queues a failed fulfillment again (administrators); it writes only what is still missing. */
  retry(requestId: string, actor: FailureActor): Promise<AccessRequest>;
  /** Closes a failed fulfillment as done by hand, with a note (administrators). */
  resolveByHand(requestId: string, actor: FailureActor, note: string): Promise<AccessRequest>;
}

/** Dependencies of the request service; `workflows` is read on each submit so a reload takes effect. */
export interface RequestServiceDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  workflows: () => WorkflowPolicy;
}

/** Creates the request service: checks, refusals with reasons, workflow resolution and the first stage. */
export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { store, clock, ids } = deps;
  const submitIn = async (tx: StoreTx, input: SubmitRequestInput): Promise<AccessRequest> => {
    const now = clock.now();
    const checked = await checkSubmission(tx, input, now);
    const { kind, beneficiary, item, permissions } = checked;
    const risk = requestRisk(item, permissions);
    const facts = { kind, itemId: item.id, type: item.type, risk, permissions };
    const { workflow, stages } = await freezeWorkflow(
      tx,
      deps.workflows(),
      input.requesterId,
      checked,
      facts,
    );
    const request: AccessRequest = {
      id: ids.next('req'),
      kind,
      requesterId: input.requesterId,
      beneficiaryId: beneficiary.id,
      itemId: item.id,
      permissions,
      justification: input.justification.trim(),
      endDate: checked.endDate,
      status: 'awaiting_approval',
      workflow,
      stages,
      currentStage: 0,
      failureReason: null,
      outcome: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await tx.requests.insert(request, checked.openKey);
    const { stages: _stages, ...summary } = request;
    await recordEvent(tx, clock, {
      actor: input.requesterId,
      type: 'request.created',
      subject: `request:${request.id}`,
      data: { ...summary, risk },
    });
    const first = stages[0];
    if (first === undefined) {
      await queueFulfillment(tx, clock, request, {
        actor: 'system',
        reason: `workflow "${workflow}" has no stages`,
      });
      return { ...request, status: 'pending' };
    }
    await assignStage(tx, deps, request, 0, first.approvers);
    return request;
  };

  return {
    submit: (input) => store.transaction((tx) => submitIn(tx, input)),
    cancel: (requestId, actor) =>
      store.transaction(async (tx) => {
        const request = await tx.requests.get(requestId);
        if (request === undefined) throw new DomainError('request.not_found', `no request ${requestId}`);
        if (request.requesterId !== actor && request.beneficiaryId !== actor) {
          throw new DomainError('approval.not_assignee', 'only the requester or the beneficiary may cancel');
        }
        const at = clock.now().toISOString();
        const moved = await tx.requests.transition(
          requestId,
          ['awaiting_approval'],
          { status: 'cancelled', updatedAt: at },
          null,
        );
        if (!moved) throw new DomainError('request.not_open', `request ${requestId} is ${request.status}`);
        await recordEvent(tx, clock, { actor, type: 'request.cancelled', subject: `request:${requestId}` });
        return { ...request, status: 'cancelled', updatedAt: at };
      }),
    async get(requestId) {
      const request = await store.transaction((tx) => tx.requests.get(requestId));
      if (request === undefined) throw new DomainError('request.not_found', `no request ${requestId}`);
      return request;
    },
    list: (filter) => store.transaction((tx) => tx.requests.list(filter)),
    retry: (requestId, actor) => store.transaction((tx) => retryFailed(tx, deps, actor, requestId)),
    resolveByHand: (requestId, actor, note) =>
      store.transaction((tx) => resolveByHand(tx, clock, actor, requestId, note)),
  };
}
