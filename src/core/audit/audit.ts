import type { Clock } from '../ports/clock.ts';
import type { StoreTx } from '../ports/store.ts';

/** Every kind of audit event the core writes. */
export type AuditEventType =
  | 'identity.created'
  | 'identity.updated'
  | 'identity.leaver'
  | 'identity.rehired'
  | 'identity.swept'
  | 'hr.imported'
  | 'aggregation.completed'
  | 'aggregation.failed'
  | 'drift.detected'
  | 'drift.reverted'
  | 'drift.accepted'
  | 'drift.resolved'
  | 'catalog.item_added'
  | 'catalog.item_changed'
  | 'policy.changed'
  | 'request.created'
  | 'request.cancelled'
  | 'request.approved'
  | 'request.rejected'
  | 'approval.assigned'
  | 'approval.decided'
  | 'approval.reminded'
  | 'approval.escalated'
  | 'fulfillment.queued'
  | 'fulfillment.retried'
  | 'fulfillment.retry_requested'
  | 'fulfillment.resolved_by_hand'
  | 'fulfillment.fulfilled'
  | 'fulfillment.partial'
  | 'fulfillment.failed'
  | 'account.created'
  | 'account.modified'
  | 'account.deactivated'
  | 'account.reactivated'
  | 'access.expired'
  | 'review.campaign_created'
  | 'review.campaign_launched'
  | 'review.campaign_closed'
  | 'review.decided'
  | 'review.reminded'
  | 'review.escalated'
  | 'review.deadline_near';

/** The actor recorded for what Spacegate does on its own (fulfillment, expiry, leaver processing). */
export const SYSTEM_ACTOR = 'system';

/**
 * An audit subject read as its kind and id, split at the first colon only, since ids hold colons
 * of their own: `catalog:space:ENG` is kind `catalog`, id `space:ENG`. No colon: an empty id.
 */
export function auditSubjectParts(subject: string): { kind: string; id: string } {
  const at = subject.indexOf(':');
  return at < 0 ? { kind: subject, id: '' } : { kind: subject.slice(0, at), id: subject.slice(at + 1) };
}

/** Appends one audit event on the caller's transaction, so it commits or rolls back with the change. */
export function recordEvent(
  tx: StoreTx,
  clock: Clock,
  event: { actor: string; type: AuditEventType; subject: string; data?: Record<string, unknown> },
): Promise<void> {
  return tx.audit.append({
    at: clock.now().toISOString(),
    actor: event.actor,
    type: event.type,
    subject: event.subject,
    data: event.data ?? {},
  });
}
