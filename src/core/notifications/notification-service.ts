import type { AccessRequest, Approval, Identity, Job, JobOutcome, NoticeRef } from '../model.ts';
import type { Mailer, Notice } from '../ports/mailer.ts';
import type { Store } from '../ports/store.ts';
import { noticeKey } from './notification-rules.ts';

/** Runs notification jobs: reads what the mail is about, words it, and hands it to the mailer. */
export interface NotificationService {
  handle(job: Job): Promise<JobOutcome>;
}

const nameOf = (person: Identity | undefined, id: string) =>
  person === undefined ? id : `${person.firstName} ${person.lastName}`;

function what(request: AccessRequest, itemName: string): string {
  const options = request.permissions.length === 0 ? '' : ` (${request.permissions.join(', ')})`;
  if (request.kind === 'deactivate') return 'Deactivate the Confluence account';
  return `${request.kind === 'revoke' ? 'Remove' : 'Grant'} ${itemName}${options}`;
}

const SUBJECTS: Record<NoticeRef['type'], (thing: string, person: string) => string> = {
  'approval.assigned': (thing, person) => `Approval needed: ${thing} for ${person}`,
  'approval.reminder': (thing, person) => `Reminder: ${thing} for ${person} awaits your approval`,
  'approval.escalated': (thing, person) => `Escalated to you: ${thing} for ${person}`,
  'request.approved': (thing, person) => `Approved: ${thing} for ${person}`,
  'request.rejected': (thing, person) => `Rejected: ${thing} for ${person}`,
  'request.fulfilled': (thing, person) => `Done: ${thing} for ${person}`,
  'request.failed': (thing, person) => `Not done: ${thing} for ${person}`,
};

/** The decision's reason (a rejection, the last approval) or fulfillment's failure reason, if any. */
function reasonFor(notice: NoticeRef, request: AccessRequest, approvals: Approval[]): string | undefined {
  if (notice.type === 'request.failed') return request.failureReason ?? undefined;
  if (notice.type !== 'request.rejected' && notice.type !== 'request.approved') return undefined;
  const decided = approvals.filter((a) => a.decision !== null && a.reason !== null && a.reason !== '');
  return decided[decided.length - 1]?.reason ?? undefined;
}

/** Creates the notification service over the store (read only) and the mail port. */
export function createNotificationService(deps: {
  store: Store;
  mailer: Mailer;
  /** How long to wait before trying a mail server that could not be reached. */
  retryMs: number;
}): NotificationService {
  const compose = (notice: NoticeRef) =>
    deps.store.transaction(async (tx): Promise<Notice | undefined> => {
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
      const toApprover = notice.type.startsWith('approval.');
      return {
        key: noticeKey(notice),
        type: notice.type,
        to: { email: recipient.email, name: nameOf(recipient, recipient.id) },
        subject: SUBJECTS[notice.type](thing, forWhom),
        what: thing,
        forWhom,
        why: request.justification,
        reason: reasonFor(notice, request, approvals),
        link: toApprover ? '/approvals' : `/requests/${request.id}`,
      };
    });
  return {
    async handle(job) {
      if (job.payload.kind !== 'notification')
        return { status: 'failed', error: 'not a notification job', retryable: false };
      const notice = await compose(job.payload.notice);
      // The request or the person is gone (never in practice: nothing is deleted): nothing to say.
      if (notice === undefined) return { status: 'done' };
      const result = await deps.mailer.deliver(notice);
      if (result.status === 'delivered') return { status: 'done' };
      if (result.status === 'unreachable')
        return { status: 'deferred', reason: result.error, delayMs: deps.retryMs };
      return { status: 'failed', error: result.error, retryable: false };
    },
  };
}
