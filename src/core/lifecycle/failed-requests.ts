import { recordEvent } from '../audit/audit.ts';
import { DomainError } from '../errors.ts';
import type { AccessRequest, RequestStatus } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import { openKeyOf } from './open-key.ts';

/** The statuses a fulfillment ends in when it gave up: what the failures list shows. */
export const FAILED_STATUSES: RequestStatus[] = ['failed', 'partially_fulfilled'];

/** Who acts on a failure: only administrators retry or close one by hand. */
export interface FailureActor {
  id: string;
  administrator: boolean;
}

async function failedRequest(tx: StoreTx, actor: FailureActor, requestId: string): Promise<AccessRequest> {
  if (!actor.administrator) {
    throw new DomainError('request.forbidden', 'only an administrator handles failed fulfillments');
  }
  await tx.requests.lock(requestId);
  const request = await tx.requests.get(requestId);
  if (request === undefined) throw new DomainError('request.not_found', `no request ${requestId}`);
  if (!FAILED_STATUSES.includes(request.status)) {
    throw new DomainError('request.not_failed', `request ${requestId} is ${request.status}, not failed`, {
      status: request.status,
    });
  }
  return request;
}

/**
 * Puts a failed request back to `pending` and enqueues a fresh job for it, on the caller's
 * transaction. The move is conditional, so two retries at once start one job; the job reads the
 * account first and writes only what is still missing, so a retry never applies anything twice.
 */
export async function retryFailed(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  actor: FailureActor,
  requestId: string,
): Promise<AccessRequest> {
  const request = await failedRequest(tx, actor, requestId);
  const openKey = openKeyOf(request);
  const open = await tx.requests.findOpen(openKey);
  if (open !== undefined) {
    throw new DomainError('request.duplicate_open', `request ${open.id} for this is open now`, {
      requestId: open.id,
    });
  }
  const at = deps.clock.now().toISOString();
  const moved = await tx.requests.transition(
    requestId,
    FAILED_STATUSES,
    { status: 'pending', failureReason: null, updatedAt: at },
    openKey,
  );
  if (!moved) throw new DomainError('request.not_failed', `request ${requestId} is no longer failed`);
  const subject = `request:${requestId}`;
  await recordEvent(tx, deps.clock, {
    actor: actor.id,
    type: 'fulfillment.retry_requested',
    subject,
    data: { previousStatus: request.status, previousReason: request.failureReason },
  });
  await tx.jobs.enqueue({
    key: `request:${requestId}:retry:${deps.ids.next('retry')}`,
    payload: { kind: 'request', requestId },
  });
  await recordEvent(tx, deps.clock, { actor: actor.id, type: 'fulfillment.queued', subject, data: {} });
  return { ...request, status: 'pending', failureReason: null, updatedAt: at };
}

/**
 * Closes a failed request as done by hand (an administrator made the change in Confluence, or
 * decided it is not needed), with their note kept in the reason and the audit event. The stored
 * access follows at the next aggregation, which reads what Confluence holds.
 */
export async function resolveByHand(
  tx: StoreTx,
  clock: Clock,
  actor: FailureActor,
  requestId: string,
  note: string,
): Promise<AccessRequest> {
  const text = note.trim();
  if (text === '') throw new DomainError('request.invalid', 'say what was done by hand', { field: 'note' });
  const request = await failedRequest(tx, actor, requestId);
  const at = clock.now().toISOString();
  const failureReason = `done by hand by ${actor.id}: ${text} (it had failed: ${request.failureReason ?? 'no reason'})`;
  const moved = await tx.requests.transition(
    requestId,
    FAILED_STATUSES,
    { status: 'resolved_by_hand', failureReason, updatedAt: at },
    null,
  );
  if (!moved) throw new DomainError('request.not_failed', `request ${requestId} is no longer failed`);
  await recordEvent(tx, clock, {
    actor: actor.id,
    type: 'fulfillment.resolved_by_hand',
    subject: `request:${requestId}`,
    data: { note: text, previousStatus: request.status, previousReason: request.failureReason },
  });
  return { ...request, status: 'resolved_by_hand', failureReason, updatedAt: at };
}
