import { recordEvent } from '../audit/audit.ts';
import { DomainError } from '../errors.ts';
import { openKeyOf } from '../lifecycle/open-key.ts';
import { systemRevocation } from '../lifecycle/system-revocation.ts';
import type { Clock } from '../ports/clock.ts';
import type { DriftEvent } from '../ports/drift-store.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import { DRIFT_REASON, targetsOf } from './drift-revert.ts';
import { checkDriftActor, type DriftActor, driftNote, openFinding, revertRefusal } from './drift-rules.ts';

function summaryOf(event: DriftEvent) {
  return {
    kind: event.kind,
    accountKey: event.accountKey,
    identityId: event.identityId,
    entitlementKind: event.entitlementKind,
    value: event.value,
    runId: event.runId,
  };
}

async function closed(tx: StoreTx, id: string): Promise<DriftEvent> {
  const event = await tx.drift.get(id);
  if (event === undefined) throw new DomainError('drift.not_found', `no drift finding ${id}`);
  return event;
}

/**
 * An administrator accepts an open finding, with a required note: it is closed with who, when and
 * why, the access it names counts as known from now on (the assignment's origin is `accepted`),
 * and the audit log keeps it. A finding closed meanwhile is a `drift.not_open` conflict.
 */
export async function acceptDrift(
  tx: StoreTx,
  clock: Clock,
  actor: DriftActor,
  input: { id: string; note: string | undefined },
): Promise<DriftEvent> {
  checkDriftActor(actor);
  const note = driftNote(input.note, true);
  const event = openFinding(input.id, await tx.drift.get(input.id));
  const at = clock.now().toISOString();
  if (!(await tx.drift.close(event.id, { state: 'accepted', by: actor.id, at, note })))
    openFinding(event.id, await closed(tx, event.id));
  await tx.drift.sanction(event);
  await recordEvent(tx, clock, {
    actor: actor.id,
    type: 'drift.accepted',
    subject: `drift:${event.id}`,
    data: { ...summaryOf(event), note },
  });
  return closed(tx, event.id);
}

/**
 * An administrator reverts an open finding on demand: a revocation with drift as its reason,
 * approved by Spacegate and queued like the revert policy's, so it is fulfilled, read back and
 * audited through the normal path; the finding names it.
 */
export async function revertDrift(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  actor: DriftActor,
  input: { id: string; note: string | undefined },
): Promise<DriftEvent> {
  checkDriftActor(actor);
  const note = driftNote(input.note, false);
  const event = openFinding(input.id, await tx.drift.get(input.id));
  const refusal = revertRefusal(event);
  if (refusal !== undefined) throw new DomainError('drift.not_revertable', refusal, { kind: event.kind });
  const [target] = await targetsOf(tx, [event]);
  if (target === undefined)
    throw new DomainError(
      'drift.not_revertable',
      `Spacegate does not manage ${event.value}; remove it in Confluence`,
    );
  const { beneficiaryId, itemId, permissions } = target;
  if ((await tx.catalog.get(itemId)) === undefined)
    throw new DomainError('drift.not_revertable', `${itemId} is not in the catalog; remove it in Confluence`);
  const open = await tx.requests.findOpen(openKeyOf({ beneficiaryId, itemId, kind: 'revoke' }));
  if (open !== undefined)
    throw new DomainError('drift.not_revertable', `removal ${open.id} of this is already open`, {
      requestId: open.id,
    });
  const request = await systemRevocation(tx, deps, {
    beneficiaryId,
    itemId,
    permissions,
    reason: DRIFT_REASON,
  });
  if (request === undefined)
    throw new DomainError('drift.not_revertable', 'a removal of this is already open');
  const at = deps.clock.now().toISOString();
  if (!(await tx.drift.close(event.id, { state: 'reverted', by: actor.id, at, note, requestId: request.id })))
    openFinding(event.id, await closed(tx, event.id));
  await recordEvent(tx, deps.clock, {
    actor: actor.id,
    type: 'drift.reverted',
    subject: `request:${request.id}`,
    data: { ...summaryOf(event), itemId, beneficiaryId, reason: DRIFT_REASON, drift: [event.id], note },
  });
  return closed(tx, event.id);
}
