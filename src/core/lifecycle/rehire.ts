import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { AccessRequest, RequestStatus } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import { deactivationItemId } from './leaver-deactivation.ts';
import { systemRevocation } from './system-revocation.ts';

/** What a rehire did to the account: a reactivation raised, deactivations withdrawn, or nothing. */
export interface RehireOutcome {
  reactivation: AccessRequest | undefined;
  /** Deactivations of the account still open (or refused) when the person came back, now cancelled. */
  cancelled: string[];
}

/** A deactivation that was carried out: by Spacegate, or by an administrator by hand on its behalf. */
const DEACTIVATED: RequestStatus[] = ['fulfilled', 'resolved_by_hand'];

/** A deactivation not carried out yet (or refused): the rehire withdraws it. */
const WITHDRAWN: RequestStatus[] = ['awaiting_approval', 'pending', 'failed', 'partially_fulfilled'];

/**
 * A leaver is back `active` in an HR import: when Spacegate deactivated their account (the last
 * deactivation or reactivation of that account is a deactivation carried out), raises a
 * reactivation Spacegate approves itself, fulfilled through the queue like the deactivation;
 * a deactivation still open or refused is cancelled instead, audited with the same reason, so
 * neither races the other. An account Spacegate never deactivated is left alone, and no access
 * is given back: the person requests it again.
 */
export async function handleRehire(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  identityId: string,
  source: string,
): Promise<RehireOutcome> {
  const outcome: RehireOutcome = { reactivation: undefined, cancelled: [] };
  const account = await tx.accounts.getByIdentity(identityId);
  if (account === undefined) return outcome;
  const itemId = deactivationItemId(account.key);
  const history = await tx.requests.list({
    beneficiaryId: identityId,
    itemId,
    kinds: ['deactivate', 'reactivate'],
  });
  const latest = history.at(-1);
  if (latest?.kind !== 'deactivate') return outcome;
  const reason = `rehired in ${source}`;
  if (WITHDRAWN.includes(latest.status)) {
    const at = deps.clock.now().toISOString();
    if (await tx.requests.transition(latest.id, WITHDRAWN, { status: 'cancelled', updatedAt: at }, null)) {
      await recordEvent(tx, deps.clock, {
        actor: SYSTEM_ACTOR,
        type: 'request.cancelled',
        subject: `request:${latest.id}`,
        data: { reason, was: latest.status },
      });
      outcome.cancelled.push(latest.id);
    }
    return outcome;
  }
  if (!DEACTIVATED.includes(latest.status)) return outcome;
  outcome.reactivation = await systemRevocation(tx, deps, {
    kind: 'reactivate',
    beneficiaryId: identityId,
    itemId,
    permissions: [],
    reason,
  });
  return outcome;
}

/**
 * A deactivation whose write went through after a rehire cancelled it (the job was already past
 * its check): the account is enabled again through a reactivation, so the rehire still wins.
 */
export async function reactivateAfterCancelled(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  deactivation: AccessRequest,
): Promise<AccessRequest | undefined> {
  return systemRevocation(tx, deps, {
    kind: 'reactivate',
    beneficiaryId: deactivation.beneficiaryId,
    itemId: deactivation.itemId,
    permissions: [],
    reason: `the deactivation ${deactivation.id} was cancelled by a rehire while its write was in flight`,
  });
}
