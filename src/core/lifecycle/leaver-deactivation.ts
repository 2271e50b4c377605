import type { AccessRequest } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import { systemRevocation } from './system-revocation.ts';

const ACCOUNT_ITEM = 'account:';

/** The item of a deactivation request: the account itself (`account:<accountKey>`), not a catalog item. */
export function deactivationItemId(accountKey: string): string {
  return `${ACCOUNT_ITEM}${accountKey}`;
}

/** The account a deactivation request names. */
export function deactivatedAccountKey(request: Pick<AccessRequest, 'itemId'>): string {
  return request.itemId.slice(ACCOUNT_ITEM.length);
}

/**
 * Raises the deactivation of a leaver's account that a leave rule of the attribute policy decided,
 * on the caller's transaction: a request Spacegate approves itself whose reason names the leaver's
 * source and the deciding rule, fulfilled through the queue like any removal. Nothing without a
 * stored account (Spacegate knows only accounts that hold Confluence), nothing twice while one is open.
 */
export async function raiseDeactivation(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  identityId: string,
  leaver: string,
  decidedBy: { file: string; rule: string },
): Promise<AccessRequest | undefined> {
  const account = await tx.accounts.getByIdentity(identityId);
  if (account === undefined) return undefined;
  return systemRevocation(tx, deps, {
    kind: 'deactivate',
    beneficiaryId: identityId,
    itemId: deactivationItemId(account.key),
    permissions: [],
    reason: `${leaver}; attribute policy ${decidedBy.file} rule "${decidedBy.rule}" deactivates the account`,
  });
}
