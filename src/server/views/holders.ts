import { permissionOption, type SpaceGrant } from '../../connector/index.ts';
import type { Store } from '../../core/index.ts';

/** Who holds an entitlement: people (by account) and groups, with what they hold. */
export interface Holder {
  kind: 'account' | 'group' | 'anonymous';
  key: string;
  name: string;
  holds: string;
}

function grantsOf(attributes: Record<string, unknown>): SpaceGrant[] {
  return Array.isArray(attributes.grants) ? (attributes.grants as SpaceGrant[]) : [];
}

function groupsOf(attributes: Record<string, unknown>): string[] {
  return Array.isArray(attributes.groups)
    ? attributes.groups.filter((g): g is string => typeof g === 'string')
    : [];
}

/**
 * The holders of a group (its direct members among aggregated accounts, and the space permissions
 * it carries) or of a space (who holds which options, directly and through groups).
 */
export async function entitlementHolders(store: Store, type: 'group' | 'space', key: string) {
  return store.transaction(async (tx) => {
    const entitlement = await tx.entitlements.get(type, key);
    if (entitlement === undefined) return undefined;
    const accounts = await tx.accounts.list();
    const holders: Holder[] = [];
    if (type === 'group') {
      for (const account of accounts) {
        if (groupsOf(account.attributes).includes(key)) {
          holders.push({
            kind: 'account',
            key: account.key,
            name: `${account.displayName} <${account.email}>`,
            holds: 'member',
          });
        }
      }
      return { entitlement: { type, key, name: entitlement.name }, holders };
    }
    const byKey = new Map(accounts.map((a) => [a.key, a]));
    const groups = new Map((await tx.entitlements.list('group')).map((g) => [g.key, g.name]));
    for (const grant of grantsOf(entitlement.attributes)) {
      const holds = grant.options.map((o) => permissionOption(o)?.label ?? o).join(', ');
      const principal = grant.principal;
      if (principal.type === 'user') {
        const account = byKey.get(principal.accountKey);
        const name =
          account === undefined ? principal.accountKey : `${account.displayName} <${account.email}>`;
        holders.push({ kind: 'account', key: principal.accountKey, name, holds });
      } else if (principal.type === 'group') {
        holders.push({
          kind: 'group',
          key: principal.groupId,
          name: principal.name ?? groups.get(principal.groupId) ?? principal.groupId,
          holds,
        });
      } else {
        holders.push({ kind: 'anonymous', key: 'anonymous', name: 'anonymous users', holds });
      }
    }
    return { entitlement: { type, key, name: entitlement.name }, holders };
  });
}
