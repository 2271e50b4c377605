import { recordEvent } from '../audit/audit.ts';
import { DomainError } from '../errors.ts';
import { openKeyOf } from '../lifecycle/open-key.ts';
import { queueFulfillment } from '../lifecycle/queue-fulfillment.ts';
import type { AccessRequest, Approval } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { isParty } from './resolve-stages.ts';
import { assignStage, stageComplete } from './stages.ts';

/** One approver's decision on one request. */
export interface DecisionInput {
  requestId: string;
  approverId: string;
  decision: 'approved' | 'rejected';
  reason: string;
}

/** What a pass over the timeouts did. */
export interface TimeoutReport {
  reminded: Array<{ requestId: string; approverId: string }>;
  escalated: Array<{ requestId: string; approverIds: string[] }>;
}

/** Approvals: decisions, the approver's inbox, reminders and escalations. */
export interface ApprovalService {
  decide(input: DecisionInput): Promise<AccessRequest>;
  /**
   * One approver's same decision and reason on several requests, all in one transaction: every
   * rule of `decide` holds for each, and if one is refused none is recorded (no half-done batch).
   */
  decideMany(
    input: Omit<DecisionInput, 'requestId'> & { requestIds: ReadonlyArray<string> },
  ): Promise<AccessRequest[]>;
  listAssigned(approverId: string): Promise<Array<{ approval: Approval; request: AccessRequest }>>;
  listForRequest(requestId: string): Promise<Approval[]>;
  processTimeouts(): Promise<TimeoutReport>;
}

/** Creates the approval service; every decision records who, when and why, on the decision's transaction. */
export function createApprovalService(deps: { store: Store; clock: Clock; ids: Ids }): ApprovalService {
  const { store, clock } = deps;

  const advance = async (tx: StoreTx, request: AccessRequest, actor: string): Promise<AccessRequest> => {
    const next = request.currentStage + 1;
    const stage = request.stages[next];
    if (stage === undefined) {
      await queueFulfillment(tx, clock, request, { actor, reason: 'final approval' });
      return { ...request, status: 'pending' };
    }
    await tx.requests.transition(
      request.id,
      ['awaiting_approval'],
      { currentStage: next, updatedAt: clock.now().toISOString() },
      openKeyOf(request),
    );
    const moved = { ...request, currentStage: next };
    await assignStage(tx, deps, moved, next, stage.approvers);
    return moved;
  };

  const decideIn = async (tx: StoreTx, input: DecisionInput): Promise<AccessRequest> => {
    await tx.requests.lock(input.requestId);
    const request = await tx.requests.get(input.requestId);
    if (request === undefined) throw new DomainError('request.not_found', `no request ${input.requestId}`);
    if (isParty(request, input.approverId)) {
      throw new DomainError(
        'approval.self_approval',
        'nobody approves a request they made or whose access is for them (separation of duties)',
      );
    }
    if (request.status !== 'awaiting_approval') {
      throw new DomainError('request.not_open', `request ${request.id} is ${request.status}`);
    }
    if (input.reason.trim() === '' && input.decision === 'rejected') {
      throw new DomainError('request.invalid', 'a rejection needs a reason', { field: 'reason' });
    }
    const approvals = await tx.approvals.listByRequest(request.id);
    const mine = approvals.filter(
      (a) => a.stage === request.currentStage && a.approverId === input.approverId,
    );
    const open = mine.find((a) => a.decision === null);
    if (open === undefined) {
      if (mine.length > 0)
        throw new DomainError('approval.already_decided', 'you have already decided this stage');
      throw new DomainError('approval.not_assignee', `${input.approverId} is not an approver of this stage`);
    }
    const at = clock.now().toISOString();
    await tx.approvals.update(open.id, {
      decision: input.decision,
      reason: input.reason.trim(),
      decidedAt: at,
    });
    const subject = `request:${request.id}`;
    await recordEvent(tx, clock, {
      actor: input.approverId,
      type: 'approval.decided',
      subject,
      data: { stage: request.currentStage, decision: input.decision, reason: input.reason.trim(), at },
    });
    if (input.decision === 'rejected') {
      await tx.requests.transition(
        request.id,
        ['awaiting_approval'],
        { status: 'rejected', updatedAt: at },
        null,
      );
      await recordEvent(tx, clock, {
        actor: input.approverId,
        type: 'request.rejected',
        subject,
        data: { reason: input.reason.trim() },
      });
      return { ...request, status: 'rejected', updatedAt: at };
    }
    const decided = approvals.map((a) => (a.id === open.id ? { ...a, decision: input.decision } : a));
    if (!stageComplete(request, request.currentStage, decided)) return request;
    return advance(tx, request, input.approverId);
  };

  const timeoutsIn = async (tx: StoreTx): Promise<TimeoutReport> => {
    const report: TimeoutReport = { reminded: [], escalated: [] };
    const now = clock.now();
    const byRequest = new Map<string, Approval[]>();
    for (const approval of await tx.approvals.listUndecided()) {
      byRequest.set(approval.requestId, [...(byRequest.get(approval.requestId) ?? []), approval]);
    }
    for (const [requestId, undecided] of byRequest) {
      await tx.requests.lock(requestId);
      const request = await tx.requests.get(requestId);
      if (request?.status !== 'awaiting_approval') continue;
      const stage = request.stages[request.currentStage];
      const current = undecided.filter((a) => a.stage === request.currentStage && !a.escalated);
      if (stage === undefined || current.length === 0) continue;
      const age = (a: Approval): number => now.getTime() - new Date(a.assignedAt).getTime();
      for (const approval of current) {
        if (
          stage.reminderAfterMs === null ||
          approval.remindedAt !== null ||
          age(approval) < stage.reminderAfterMs
        )
          continue;
        await tx.approvals.update(approval.id, { remindedAt: now.toISOString() });
        await recordEvent(tx, clock, {
          actor: 'system',
          type: 'approval.reminded',
          subject: `request:${requestId}`,
          data: { approverId: approval.approverId, stage: approval.stage },
        });
        report.reminded.push({ requestId, approverId: approval.approverId });
      }
      const due = current.filter((a) => stage.escalateAfterMs !== null && age(a) >= stage.escalateAfterMs);
      if (due.length === 0) continue;
      for (const approval of due) await tx.approvals.update(approval.id, { escalated: true });
      const assigned = new Set(
        undecided.filter((a) => a.stage === request.currentStage).map((a) => a.approverId),
      );
      const targets = stage.escalateTo.filter((id) => !assigned.has(id) && !isParty(request, id));
      await assignStage(tx, deps, request, request.currentStage, targets, true);
      report.escalated.push({ requestId, approverIds: targets });
    }
    return report;
  };

  return {
    decide: (input) => store.transaction((tx) => decideIn(tx, input)),
    decideMany: ({ requestIds, ...decision }) =>
      store.transaction(async (tx) => {
        const decided: AccessRequest[] = [];
        for (const requestId of new Set(requestIds))
          decided.push(await decideIn(tx, { ...decision, requestId }));
        return decided;
      }),
    listAssigned: (approverId) =>
      store.transaction(async (tx) => {
        const out: Array<{ approval: Approval; request: AccessRequest }> = [];
        for (const approval of await tx.approvals.listUndecided()) {
          if (approval.approverId !== approverId) continue;
          const request = await tx.requests.get(approval.requestId);
          if (request === undefined || isParty(request, approverId)) continue;
          if (request.status === 'awaiting_approval' && request.currentStage === approval.stage)
            out.push({ approval, request });
        }
        return out;
      }),
    listForRequest: (requestId) => store.transaction((tx) => tx.approvals.listByRequest(requestId)),
    processTimeouts: () => store.transaction(timeoutsIn),
  };
}
