import {
  type PermissionOptionId,
  permissionOption,
  type SpaceEntitlement,
  spacePermissionValue,
} from '../../connector/index.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import { DomainError } from '../errors.ts';
import type { AccessRequest, CatalogItem } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';

/** The key that admits one open request per beneficiary, item and kind. */
export function openKeyOf(request: Pick<AccessRequest, 'beneficiaryId' | 'itemId' | 'kind'>): string {
  return `${request.beneficiaryId}|${request.itemId}|${request.kind}`;
}

/** The account attribute and values a request grants or revokes (`groups` or `spacePermissions`). */
export function accessValues(
  item: Pick<CatalogItem, 'type' | 'entitlementKey'>,
  permissions: PermissionOptionId[],
): { attribute: 'groups' | 'spacePermissions'; kind: 'group' | 'space'; values: string[] } {
  if (item.type === 'group') return { attribute: 'groups', kind: 'group', values: [item.entitlementKey] };
  return {
    attribute: 'spacePermissions',
    kind: 'space',
    values: permissions.map((option) => spacePermissionValue(item.entitlementKey, option)),
  };
}

/**
 * Checks the chosen options: absent for a group; for a space, at least one, each manageable in
 * that space as its stored entitlement says (the connector decides, not a rule here).
 */
export async function checkPermissions(
  tx: StoreTx,
  item: CatalogItem,
  permissions: string[],
): Promise<PermissionOptionId[]> {
  if (item.type === 'group') {
    if (permissions.length > 0) {
      throw new DomainError('request.invalid', 'a group request takes no permissions', {
        field: 'permissions',
      });
    }
    return [];
  }
  if (permissions.length === 0) {
    throw new DomainError('request.invalid', 'choose at least one permission for the space', {
      field: 'permissions',
    });
  }
  const manageable = await manageableOptions(tx, item.entitlementKey);
  return [...new Set(permissions)].map((id) => {
    const option = permissionOption(id);
    if (option === undefined || !manageable.has(option.id)) {
      throw new DomainError('request.invalid', `permission ${id} cannot be requested`, {
        field: 'permissions',
        id,
      });
    }
    return option.id;
  });
}

/** The values of this request the beneficiary already holds directly. */
export async function heldValues(tx: StoreTx, beneficiaryId: string, values: string[]): Promise<string[]> {
  const account = await tx.accounts.getByIdentity(beneficiaryId);
  if (account === undefined) return [];
  const held = new Set((await tx.assignments.listByAccount(account.key)).map((a) => a.value));
  return values.filter((value) => held.has(value));
}

/** Identity ids of the people who hold Admin in the space directly. */
export async function spaceAdmins(tx: StoreTx, item: CatalogItem): Promise<string[]> {
  if (item.type !== 'space') return [];
  const space = await tx.entitlements.get('space', item.entitlementKey);
  const grants = (space?.attributes as Partial<SpaceEntitlement['attributes']> | undefined)?.grants ?? [];
  const ids: string[] = [];
  for (const grant of grants) {
    if (grant.principal.type !== 'user' || !grant.options.includes('admin')) continue;
    const account = await tx.accounts.get(grant.principal.accountKey);
    if (account?.identityId) ids.push(account.identityId);
  }
  return ids;
}
