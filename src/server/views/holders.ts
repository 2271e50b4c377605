import { parseSpacePermissionValue, permissionOption, type SpaceGrant } from '../../connector/index.ts';
import type { Page, PageRequest, Store, StoreTx } from '../../core/index.ts';

/** Who holds an entitlement: people (by account) and groups, with what they hold. */
export interface Holder {
  kind: 'account' | 'group' | 'anonymous';
  key: string;
  name: string;
  holds: string;
  /** The account's email, for an account (a removal names the person by it). */
  email?: string;
}

function grantsOf(attributes: Record<string, unknown>): SpaceGrant[] {
  return Array.isArray(attributes.grants) ? (attributes.grants as SpaceGrant[]) : [];
}

function optionLabels(values: ReadonlyArray<string>): string {
  return values.map((v) => parseSpacePermissionValue(v)?.option.label ?? v).join(', ');
}

/** The groups and anonymous users a space's aggregated grants name (user grants are read from assignments). */
async function spacePrincipals(tx: StoreTx, attributes: Record<string, unknown>): Promise<Holder[]> {
  const grants = grantsOf(attributes).filter((g) => g.principal.type !== 'user');
  const ids = grants.flatMap((g) => (g.principal.type === 'group' ? [g.principal.groupId] : []));
  const names = new Map((await tx.entitlements.getMany('group', ids)).map((g) => [g.key, g.name]));
  return grants.map((grant) => {
    const holds = grant.options.map((o) => permissionOption(o)?.label ?? o).join(', ');
    const principal = grant.principal;
    if (principal.type !== 'group') {
      return { kind: 'anonymous', key: 'anonymous', name: 'anonymous users', holds };
    }
    const name = principal.name ?? names.get(principal.groupId) ?? principal.groupId;
    return { kind: 'group', key: principal.groupId, name, holds };
  });
}

/**
 * The holders of a group (its direct members) or of a space (who holds which options directly),
 * one page by account key, read from the same assignment rows as an account's access, so a
 * fulfilled change shows on both at once. A space's group and anonymous grants come with the first page.
 */
export async function entitlementHolders(
  store: Store,
  type: 'group' | 'space',
  key: string,
  page: PageRequest,
) {
  return store.transaction(async (tx) => {
    const entitlement = await tx.entitlements.get(type, key);
    if (entitlement === undefined) return undefined;
    const held = await tx.assignments.holders(
      type === 'group' ? { ...page, kind: 'group', groupId: key } : { ...page, kind: 'space', spaceKey: key },
    );
    const accounts: Page<Holder> = {
      ...held,
      items: held.items.map((h) => ({
        kind: 'account',
        key: h.accountKey,
        name: h.email === '' ? h.displayName : `${h.displayName} <${h.email}>`,
        holds: type === 'group' ? 'member' : optionLabels(h.values),
        ...(h.email === '' ? {} : { email: h.email }),
      })),
    };
    const principals =
      type === 'space' && page.cursor === undefined ? await spacePrincipals(tx, entitlement.attributes) : [];
    return { entitlement: { type, key, name: entitlement.name }, principals, accounts };
  });
}
