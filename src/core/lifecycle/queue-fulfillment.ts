import { recordEvent } from '../audit/audit.ts';
import type { AccessRequest } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { StoreTx } from '../ports/store.ts';
import { openKeyOf } from './open-key.ts';

/**
 * Marks a finally approved request `pending` (still open, so no duplicate slips in while it runs) and enqueues its fulfillment job, on the caller's
 * transaction: the approval, the job and their audit events commit together or not at all. The
 * job's idempotency key is the request id, so it is enqueued once.
 */
export async function queueFulfillment(
  tx: StoreTx,
  clock: Clock,
  request: AccessRequest,
  approval: { actor: string; reason: string },
): Promise<boolean> {
  const moved = await tx.requests.transition(
    request.id,
    ['awaiting_approval'],
    { status: 'pending', updatedAt: clock.now().toISOString() },
    openKeyOf(request),
  );
  if (!moved) return false;
  const subject = `request:${request.id}`;
  await recordEvent(tx, clock, {
    actor: approval.actor,
    type: 'request.approved',
    subject,
    data: { reason: approval.reason },
  });
  await tx.jobs.enqueue({
    key: `request:${request.id}`,
    payload: { kind: 'request', requestId: request.id },
  });
  await recordEvent(tx, clock, { actor: approval.actor, type: 'fulfillment.queued', subject, data: {} });
  return true;
}
