import type { AuditEvent, NoticeRef, RequestNoticeRef, RequestNoticeType } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';
import { campaignNotices } from './campaign-notice-rules.ts';

/** Audit events that notify an approver, with the notice they get (the approver is in `data.approverId`). */
const TO_APPROVER: Readonly<Record<string, RequestNoticeType>> = {
  'approval.assigned': 'approval.assigned',
  'approval.reminded': 'approval.reminder',
  'approval.escalated': 'approval.escalated',
};

/** Audit events that notify the requester. */
const TO_REQUESTER: Readonly<Record<string, RequestNoticeType>> = {
  'request.approved': 'request.approved',
  'request.rejected': 'request.rejected',
  'fulfillment.fulfilled': 'request.fulfilled',
  'fulfillment.partial': 'request.failed',
  'fulfillment.failed': 'request.failed',
};

/**
 * Approvers on a new approval, a reminder and an escalation; the requester when their request is
 * decided, fulfilled or failed. Requests Spacegate raised itself (leavers, expiry) have no
 * requester to tell.
 */
async function requestNotices(
  tx: StoreTx,
  event: Omit<AuditEvent, 'seq'>,
  requestId: string,
): Promise<RequestNoticeRef[]> {
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

/** Who gets which mail for one audit event: about a request (`request:…`) or a campaign (`review:…`). */
export async function noticesFor(tx: StoreTx, event: Omit<AuditEvent, 'seq'>): Promise<NoticeRef[]> {
  if (event.subject.startsWith('request:'))
    return requestNotices(tx, event, event.subject.slice('request:'.length));
  if (event.subject.startsWith('review:'))
    return campaignNotices(event, event.subject.slice('review:'.length));
  return [];
}

/**
 * The idempotency key of a notice: one mail per kind, request or campaign, stage and recipient
 * (`mail:<type>:<request|campaign>:<stage|->:<recipient>`).
 */
export function noticeKey(notice: NoticeRef): string {
  const about = 'campaignId' in notice ? notice.campaignId : notice.requestId;
  const stage = 'stage' in notice ? (notice.stage ?? '-') : '-';
  return ['mail', notice.type, about, stage, notice.recipientId].join(':');
}

/**
 * The notices of one transaction, one per key: several items escalated to one reviewer in one
 * sweep are one mail that counts them all.
 */
export function mergeNotices(notices: ReadonlyArray<NoticeRef>): NoticeRef[] {
  const byKey = new Map<string, NoticeRef>();
  for (const notice of notices) {
    const key = noticeKey(notice);
    const seen = byKey.get(key);
    if (seen !== undefined && 'campaignId' in seen && 'campaignId' in notice && seen.items !== undefined)
      byKey.set(key, { ...seen, items: seen.items + (notice.items ?? 0) });
    else if (seen === undefined) byKey.set(key, notice);
  }
  return [...byKey.values()];
}
