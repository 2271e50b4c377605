import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { Clock } from '../ports/clock.ts';
import type { StoreTx } from '../ports/store.ts';

/**
 * Closes the open `orphan` findings of every account that now matches a person (an HR import
 * listed them, or an aggregation read an email that matches), as `resolved` by `system` in one
 * set-based update on the caller's transaction; each is audited (`drift.resolved`) with the person
 * and why. The access itself stays: it is no longer an orphan's, and drift on it is reported as
 * for anyone's. Returns how many were closed.
 */
export async function resolveMatchedOrphans(tx: StoreTx, clock: Clock, why: string): Promise<number> {
  const note = `the account now matches a person (${why})`;
  const resolved = await tx.drift.resolveMatchedOrphans({ at: clock.now().toISOString(), note });
  for (const event of resolved) {
    await recordEvent(tx, clock, {
      actor: SYSTEM_ACTOR,
      type: 'drift.resolved',
      subject: `drift:${event.id}`,
      data: {
        kind: event.kind,
        accountKey: event.accountKey,
        identityId: event.identityId,
        entitlementKind: event.entitlementKind,
        value: event.value,
        runId: event.runId,
        note,
      },
    });
  }
  return resolved.length;
}
