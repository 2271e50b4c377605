import type { PermissionOptionId } from '../../connector/index.ts';
import { catalogItemId, parseCatalogItemId } from '../catalog/catalog-item-id.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import { openKeyOf } from '../lifecycle/open-key.ts';
import { systemRevocation } from '../lifecycle/system-revocation.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewItem } from './review-model.ts';

/**
 * Turns a revoke decision into a revocation through the normal path (an approved revocation
 * request, queued for fulfillment, verified by read-back). Access held through a group is removed
 * by leaving that group. Returns the revocation's id (an open one already under way counts), or
 * null when nothing there is manageable by the connector.
 */
export async function revokeReviewed(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  item: ReviewItem,
  reason: string,
): Promise<string | null> {
  let itemId = item.itemId;
  let permissions: PermissionOptionId[] = [];
  const reviewed = parseCatalogItemId(item.itemId);
  if (item.via !== null) itemId = catalogItemId('group', item.via);
  else if (reviewed.type === 'space') {
    const manageable = await manageableOptions(tx, reviewed.key);
    permissions = item.permissions.filter((o): o is PermissionOptionId =>
      manageable.has(o as PermissionOptionId),
    );
    if (permissions.length === 0) return null;
  }
  const created = await systemRevocation(tx, deps, {
    beneficiaryId: item.identityId,
    itemId,
    permissions,
    reason,
  });
  if (created !== undefined) return created.id;
  const open = await tx.requests.findOpen(
    openKeyOf({ beneficiaryId: item.identityId, itemId, kind: 'revoke' }),
  );
  return open?.id ?? null;
}
