import { type PermissionOptionId, permissionOption, type SpaceOption } from '../../connector/index.ts';
import type { StoredEntitlement } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';

/**
 * The permission options a stored space entitlement offers, as its connector reported them at the
 * last aggregation (each with whether the connector can manage it there); none for a group, an
 * unknown space or an entry that is not a known option.
 */
export function offeredOptions(entitlement: StoredEntitlement | undefined): SpaceOption[] {
  if (entitlement?.type !== 'space') return [];
  const options = entitlement.attributes.options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((entry: unknown) => {
    const { id, manageable } = (entry ?? {}) as { id?: unknown; manageable?: unknown };
    const option = typeof id === 'string' ? permissionOption(id) : undefined;
    if (option === undefined) return [];
    return [{ id: option.id, label: option.label, manageable: manageable === true }];
  });
}

/** The ids of the options the connector can grant and revoke in this space, from the stored entitlement. */
export async function manageableOptions(tx: StoreTx, spaceKey: string): Promise<Set<PermissionOptionId>> {
  const options = offeredOptions(await tx.entitlements.get('space', spaceKey));
  return new Set(options.filter((option) => option.manageable).map((option) => option.id));
}
