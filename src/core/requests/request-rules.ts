import {
  type PermissionOptionId,
  parseSpacePermissionValue,
  permissionOption,
  type SpaceEntitlement,
} from '../../connector/index.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import { DomainError } from '../errors.ts';
import type { CatalogItem } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';

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

/**
 * A revocation of View removes every option in the space, as Confluence does (revoking View
 * cascades): the request then names every option the beneficiary holds there directly, so its
 * approvers see, and fulfillment verifies, all that goes.
 */
export async function withViewCascade(
  tx: StoreTx,
  beneficiaryId: string,
  item: CatalogItem,
  chosen: PermissionOptionId[],
): Promise<PermissionOptionId[]> {
  if (item.type !== 'space' || !chosen.includes('view')) return chosen;
  const account = await tx.accounts.getByIdentity(beneficiaryId);
  if (account === undefined) return chosen;
  const manageable = await manageableOptions(tx, item.entitlementKey);
  const held = (await tx.assignments.listByAccount(account.key))
    .flatMap((a) => (a.kind === 'space' ? (parseSpacePermissionValue(a.value) ?? []) : []))
    .filter((p) => p.spaceKey === item.entitlementKey && manageable.has(p.option.id))
    .map((p) => p.option.id);
  return [...new Set<PermissionOptionId>(['view', ...held])];
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
