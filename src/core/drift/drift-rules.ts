import { DomainError } from '../errors.ts';
import type { DriftEvent } from '../ports/drift-store.ts';

/** Who acts on a finding: only administrators accept or revert drift. */
export interface DriftActor {
  /** The name kept as who closed it and in the audit log. */
  id: string;
  administrator: boolean;
}

/** The longest note kept with a closed finding. */
export const DRIFT_NOTE_MAX = 2000;

/** Refuses anyone but an administrator: accepting or reverting drift changes what counts as sanctioned. */
export function checkDriftActor(actor: DriftActor): void {
  if (!actor.administrator)
    throw new DomainError('drift.forbidden', 'only an administrator accepts or reverts drift');
}

/** The note, trimmed; `drift.invalid` naming the field when it is required and empty, or too long. */
export function driftNote(note: string | undefined, required: boolean): string | null {
  const text = (note ?? '').trim();
  if (text.length > DRIFT_NOTE_MAX)
    throw new DomainError('drift.invalid', `the note is longer than ${DRIFT_NOTE_MAX} characters`, {
      field: 'note',
    });
  if (text === '' && required)
    throw new DomainError('drift.invalid', 'say why this access is accepted (a note is required)', {
      field: 'note',
    });
  return text === '' ? null : text;
}

/** The finding if it exists and is still open; otherwise `drift.not_found` or a conflict naming who closed it. */
export function openFinding(id: string, event: DriftEvent | undefined): DriftEvent {
  if (event === undefined) throw new DomainError('drift.not_found', `no drift finding ${id}`);
  if (event.state !== 'open') {
    throw new DomainError(
      'drift.not_open',
      `drift finding ${id} is already ${event.state}${event.closedBy === null ? '' : ` (by ${event.closedBy}${event.closedAt === null ? '' : ` at ${event.closedAt}`})`}`,
      { state: event.state, closedBy: event.closedBy, closedAt: event.closedAt },
    );
  }
  return event;
}

/**
 * Why a finding cannot be reverted by a revocation, or undefined when it can: only access still
 * held (given out of band, or held by a leaver) by an account with a person can be revoked.
 */
export function revertRefusal(event: DriftEvent): string | undefined {
  if (event.kind === 'removed')
    return 'access removed in Confluence cannot be reverted by a revocation; request it again if it is needed';
  if (event.identityId === null)
    return 'the account has no person to revoke from; remove the access in Confluence or accept it';
  return undefined;
}
