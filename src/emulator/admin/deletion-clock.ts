import type { WriteOrigin } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';

/** The write origin of what the organization does by itself when a grace period ends. */
const GRACE_PERIOD_ENDED: WriteOrigin = { api: 'admin', request: 'grace period ended' };

/**
 * Completes the deletions whose 14-day grace period is over by the state's clock: the account becomes
 * `closed` and leaves every group ("Withdraw complete access … Remove reference to the account from all
 * lists under Directory", lifecycle/delete). Called before each admin or user management request.
 */
export function settleDeletions(state: SiteState): void {
  if (state.pendingDeletion.size === 0) return;
  const now = state.now().getTime();
  for (const [accountId, permanentAt] of [...state.pendingDeletion]) {
    if (Date.parse(permanentAt) > now) continue;
    state.pendingDeletion.delete(accountId);
    for (const group of state.groupsOf(accountId))
      state.removeMember(group.id, accountId, GRACE_PERIOD_ENDED);
    state.updateAccount(
      accountId,
      { accountStatus: 'closed' },
      GRACE_PERIOD_ENDED,
      'account.delete.permanent',
    );
  }
}
