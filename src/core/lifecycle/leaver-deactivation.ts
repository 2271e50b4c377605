import type { AccessRequest, Identity } from '../model.ts';
import type { AttributePolicy } from '../policy/attribute-policy.ts';
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
 * When the attribute policy's leave rules say so, raises the deactivation of a leaver's account, on
 * the caller's transaction: a request Spacegate approves itself whose reason names the leaver's
 * source and the deciding rule, fulfilled through the queue like any removal. Nothing without a
 * stored account (Spacegate knows only accounts that hold Confluence), nothing when no leave rule
 * deactivates (the account stays enabled), nothing twice while one is open.
 */
export async function raiseDeactivation(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  identity: Identity,
  policy: AttributePolicy | undefined,
  leaver: string,
): Promise<AccessRequest | undefined> {
  const decision = policy?.onLeave(identity);
  if (policy === undefined || decision?.deactivate !== true) return undefined;
  const account = await tx.accounts.getByIdentity(identity.id);
  if (account === undefined) return undefined;
  return systemRevocation(tx, deps, {
    kind: 'deactivate',
    beneficiaryId: identity.id,
    itemId: deactivationItemId(account.key),
    permissions: [],
    reason: `${leaver}; attribute policy ${policy.file} rule "${decision.rule}" deactivates the account`,
  });
}
