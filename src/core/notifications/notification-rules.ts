import type { AuditEvent, NoticeRef, NoticeType } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';

/** Audit events that notify an approver, with the notice they get (the approver is in `data.approverId`). */
const TO_APPROVER: Readonly<Record<string, NoticeType>> = {
  'approval.assigned': 'approval.assigned',
  'approval.reminded': 'approval.reminder',
  'approval.escalated': 'approval.escalated',
};

/** Audit events that notify the requester. */
const TO_REQUESTER: Readonly<Record<string, NoticeType>> = {
  'request.approved': 'request.approved',
  'request.rejected': 'request.rejected',
  'fulfillment.fulfilled': 'request.fulfilled',
  'fulfillment.partial': 'request.failed',
  'fulfillment.failed': 'request.failed',
};

/**
 * Who gets which mail for one audit event: approvers on a new approval, a reminder and an
 * escalation; the requester when their request is decided, fulfilled or failed. Requests Spacegate
 * raised itself (leavers, expiry) have no requester to tell.
 */
export async function noticesFor(tx: StoreTx, event: Omit<AuditEvent, 'seq'>): Promise<NoticeRef[]> {
  if (!event.subject.startsWith('request:')) return [];
  const requestId = event.subject.slice('request:'.length);
  const toApprover = TO_APPROVER[event.type];
  if (toApprover !== undefined) {
    const approverId = event.data.approverId;
    if (typeof approverId !== 'string') return [];
    const stage = typeof event.data.stage === 'number' ? event.data.stage : undefined;
    return [
      { type: toApprover, requestId, recipientId: approverId, ...(stage === undefined ? {} : { stage }) },
    ];
  }
  const toRequester = TO_REQUESTER[event.type];
  if (toRequester === undefined) return [];
  const request = await tx.requests.get(requestId);
  if (request === undefined || (await tx.identities.get(request.requesterId)) === undefined) return [];
  return [{ type: toRequester, requestId, recipientId: request.requesterId }];
}

/** The idempotency key of a notice: one mail per kind, request, stage and recipient. */
export function noticeKey(notice: NoticeRef): string {
  return ['mail', notice.type, notice.requestId, notice.stage ?? '-', notice.recipientId].join(':');
}
