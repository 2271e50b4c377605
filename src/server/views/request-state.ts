import type { AccessRequest } from '../../core/index.ts';

function attemptsText(request: AccessRequest): string {
  const n = request.attempts;
  return n === undefined ? '' : ` after ${n} attempt${n === 1 ? '' : 's'}`;
}

/** The verb a list shows before the item: `Grant `, `Remove `, `Deactivate `, `Reactivate ` (with its space). */
export function actionWord(kind: AccessRequest['kind']): string {
  return { grant: 'Grant ', revoke: 'Remove ', deactivate: 'Deactivate ', reactivate: 'Reactivate ' }[kind];
}

/** Where a request stands, in a sentence its requester understands (the status alone says too little). */
export function stateInWords(request: AccessRequest): string {
  const removal = request.kind === 'revoke';
  if (request.kind === 'deactivate' && request.status === 'pending')
    return 'The person has left; their account is being deactivated in Confluence.';
  if (request.kind === 'deactivate' && request.status === 'fulfilled')
    return 'Done: the account was deactivated, checked in Confluence.';
  if (request.kind === 'reactivate' && request.status === 'pending')
    return 'The person is back; their account is being enabled again in Confluence (access is requested anew).';
  if (request.kind === 'reactivate' && request.status === 'fulfilled')
    return 'Done: the account is enabled again, checked in Confluence; access is requested anew.';
  switch (request.status) {
    case 'awaiting_approval':
      return 'Waiting for approval.';
    case 'pending':
      return removal
        ? 'Approved; the access is being removed in Confluence.'
        : 'Approved; the access is being set up in Confluence.';
    case 'fulfilled':
      return removal
        ? 'Done: the access was removed and checked in Confluence.'
        : 'Done: the access is in place, checked in Confluence.';
    case 'partially_fulfilled':
      return `Only partly done${attemptsText(request)}; an administrator sees it among the failures and will retry it or finish it by hand.`;
    case 'failed':
      return `Not done: Confluence refused or did not answer${attemptsText(request)}. An administrator sees it among the failures and will retry it or finish it by hand.`;
    case 'resolved_by_hand':
      return 'Done by hand by an administrator (see the note).';
    case 'rejected':
      return 'Rejected by an approver.';
    case 'cancelled':
      return 'Cancelled.';
    case 'expired':
      return 'The access reached its end date and was removed.';
  }
}
