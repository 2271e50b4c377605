import type { AccountRecord } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { AccessRequest, Job } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { StoreTx } from '../ports/store.ts';
import { mergeRead } from './read-scope.ts';

/** What a verified status change did: the read-back, the writes sent, and a lost answer recovered. */
export interface StatusChangeDone {
  account: AccountRecord;
  writes: number;
  recovered?: string;
}

/**
 * Records a verified deactivation or reactivation once, in the caller's transaction: the request
 * moves pending to fulfilled, the stored account follows the read-back, and two audit events say
 * what was done (on the request) and why (on the identity, from the request's reason). False when
 * the request had already left `pending` (a rehire cancelled it): nothing is recorded then.
 */
export async function recordStatusChange(
  tx: StoreTx,
  clock: Clock,
  job: Job,
  request: AccessRequest,
  done: StatusChangeDone,
  event: 'account.deactivated' | 'account.reactivated',
): Promise<boolean> {
  const { account } = done;
  const moved = await tx.requests.transition(
    request.id,
    ['pending'],
    { status: 'fulfilled', outcome: null, updatedAt: clock.now().toISOString(), attempts: job.attempt },
    null,
  );
  if (!moved) return false;
  const stored = await tx.accounts.get(account.key);
  if (stored !== undefined) {
    await tx.accounts.upsert({
      ...stored,
      attributes: mergeRead(stored.attributes, account),
      disabled: account.disabled,
    });
  }
  await recordEvent(tx, clock, {
    actor: SYSTEM_ACTOR,
    type: 'fulfillment.fulfilled',
    subject: `request:${request.id}`,
    data: {
      accountKey: account.key,
      kind: request.kind,
      values: [],
      writes: done.writes,
      verified: true,
      ...(done.recovered === undefined ? {} : { recovered: done.recovered }),
    },
  });
  await recordEvent(tx, clock, {
    actor: SYSTEM_ACTOR,
    type: event,
    subject: `identity:${request.beneficiaryId}`,
    data: { accountKey: account.key, requestId: request.id, reason: request.justification },
  });
  return true;
}
