import type { PermissionOptionId } from '../../connector/index.ts';
import { spacePermissionValue } from '../../connector/index.ts';
import type { CatalogItem } from '../model.ts';

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
