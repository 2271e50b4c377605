import type { AccessRequest, Approval, Identity, RequestNoticeRef, RequestNoticeType } from '../model.ts';
import type { Notice } from '../ports/mailer.ts';
import type { StoreTx } from '../ports/store.ts';
import { noticeKey } from './notification-rules.ts';

/** A person's name for a mail, or the id when the person is unknown. */
export const nameOf = (person: Identity | undefined, id: string) =>
  person === undefined ? id : `${person.firstName} ${person.lastName}`;

function what(request: AccessRequest, itemName: string): string {
  const options = request.permissions.length === 0 ? '' : ` (${request.permissions.join(', ')})`;
  if (request.kind === 'deactivate') return 'Deactivate the Confluence account';
  if (request.kind === 'reactivate') return 'Reactivate the Confluence account';
  return `${request.kind === 'revoke' ? 'Remove' : 'Grant'} ${itemName}${options}`;
}

const SUBJECTS: Record<RequestNoticeType, (thing: string, person: string) => string> = {
  'approval.assigned': (thing, person) => `Approval needed: ${thing} for ${person}`,
  'approval.reminder': (thing, person) => `Reminder: ${thing} for ${person} awaits your approval`,
  'approval.escalated': (thing, person) => `Escalated to you: ${thing} for ${person}`,
  'request.approved': (thing, person) => `Approved: ${thing} for ${person}`,
  'request.rejected': (thing, person) => `Rejected: ${thing} for ${person}`,
  'request.fulfilled': (thing, person) => `Done: ${thing} for ${person}`,
  'request.failed': (thing, person) => `Not done: ${thing} for ${person}`,
};

/** The decision's reason (a rejection, the last approval) or fulfillment's failure reason, if any. */
function reasonFor(
  notice: RequestNoticeRef,
  request: AccessRequest,
  approvals: Approval[],
): string | undefined {
  if (notice.type === 'request.failed') return request.failureReason ?? undefined;
  if (notice.type !== 'request.rejected' && notice.type !== 'request.approved') return undefined;
  const decided = approvals.filter((a) => a.decision !== null && a.reason !== null && a.reason !== '');
  return decided[decided.length - 1]?.reason ?? undefined;
}

/** Words a notice about a request: the approver's inbox, or the requester's request page; undefined when it or the person is gone. */
export async function composeRequestNotice(
  tx: StoreTx,
  notice: RequestNoticeRef,
): Promise<Notice | undefined> {
  const request = await tx.requests.get(notice.requestId);
  if (request === undefined) return undefined;
  const [recipient, beneficiary, item, approvals] = await Promise.all([
    tx.identities.get(notice.recipientId),
    tx.identities.get(request.beneficiaryId),
    tx.catalog.get(request.itemId),
    tx.approvals.listByRequest(request.id),
  ]);
  if (recipient === undefined) return undefined;
  const thing = what(request, item?.name ?? request.itemId);
  const forWhom = nameOf(beneficiary, request.beneficiaryId);
  return {
    key: noticeKey(notice),
    type: notice.type,
    to: { email: recipient.email, name: nameOf(recipient, recipient.id) },
    subject: SUBJECTS[notice.type](thing, forWhom),
    what: thing,
    forWhom,
    why: request.justification,
    reason: reasonFor(notice, request, approvals),
    link: notice.type.startsWith('approval.') ? '/approvals' : `/requests/${request.id}`,
  };
}
