import { recordEvent } from '../audit/audit.ts';
import type { AccessRequest, Approval } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';

/** Assigns a stage's approvers (one approval each) and audits each assignment. */
export async function assignStage(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  request: AccessRequest,
  stage: number,
  approvers: string[],
  escalated = false,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  for (const approverId of approvers) {
    await tx.approvals.insert({
      id: deps.ids.next('apr'),
      requestId: request.id,
      stage,
      approverId,
      decision: null,
      reason: null,
      decidedAt: null,
      assignedAt: at,
      remindedAt: null,
      escalated,
    });
    await recordEvent(tx, deps.clock, {
      actor: 'system',
      type: escalated ? 'approval.escalated' : 'approval.assigned',
      subject: `request:${request.id}`,
      data: { stage, stageName: request.stages[stage]?.name ?? null, approverId },
    });
  }
}

/**
 * Whether a stage is complete: with `any`, one approval; with `all`, every approver named by the
 * workflow; in either mode, one approval by a person the stage escalated to.
 */
export function stageComplete(request: AccessRequest, stage: number, approvals: Approval[]): boolean {
  const resolved = request.stages[stage];
  if (resolved === undefined) return true;
  const approvedBy = new Set(
    approvals.filter((a) => a.stage === stage && a.decision === 'approved').map((a) => a.approverId),
  );
  if (resolved.escalateTo.some((id) => approvedBy.has(id) && !resolved.approvers.includes(id))) return true;
  if (resolved.mode === 'any') return approvedBy.size > 0;
  return resolved.approvers.every((id) => approvedBy.has(id));
}
