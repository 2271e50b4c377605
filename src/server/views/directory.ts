import { parseSpacePermissionValue } from '../../connector/index.ts';
import type { Store, StoredAccount, StoredEntitlement } from '../../core/index.ts';
import { paginate } from '../http/route.ts';

/** A page request: search text, offset, limit. */
export interface PageRequest {
  q?: string | undefined;
  offset: number;
  limit: number;
}

/** One account row as the admin tables show it. */
export interface AccountRow {
  key: string;
  email: string;
  displayName: string;
  identityId: string | null;
  disabled: boolean;
  aggregatedAt: string;
}

/** One piece of effective access: what is held, and whether directly or through which group. */
export interface AccessRow {
  kind: 'group' | 'space';
  value: string;
  label: string;
  via: string;
}

function matches(q: string | undefined, ...fields: Array<string | null>): boolean {
  if (q === undefined || q.trim() === '') return true;
  const needle = q.trim().toLowerCase();
  return fields.some((field) => field?.toLowerCase().includes(needle) === true);
}

function toRow(account: StoredAccount): AccountRow {
  const { key, email, displayName, identityId, disabled, aggregatedAt } = account;
  return { key, email, displayName, identityId, disabled, aggregatedAt };
}

/** Aggregated accounts, searched by email, name or key; `orphans` keeps those with no identity. */
export async function listAccounts(store: Store, page: PageRequest & { orphans?: boolean }) {
  const accounts = await store.transaction((tx) => tx.accounts.list());
  const rows = accounts
    .filter((a) => (page.orphans === true ? a.identityId === null : true))
    .filter((a) => matches(page.q, a.email, a.displayName, a.key))
    .map(toRow);
  return paginate(rows, page);
}

/** Aggregated groups and spaces, searched by key or name. */
export async function listEntitlements(
  store: Store,
  page: PageRequest & { type?: StoredEntitlement['type'] | undefined },
) {
  const entitlements = await store.transaction((tx) => tx.entitlements.list(page.type));
  const rows = entitlements
    .filter((e) => matches(page.q, e.key, e.name))
    .map((e) => ({ type: e.type, key: e.key, name: e.name }));
  return paginate(rows, page);
}

function groupSpacePermissions(group: StoredEntitlement | undefined): string[] {
  const value = group?.attributes.spacePermissions;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function spaceLabel(value: string, spaces: Map<string, StoredEntitlement>): string {
  const parsed = parseSpacePermissionValue(value);
  if (parsed === undefined) return value;
  const name = spaces.get(parsed.spaceKey)?.name ?? parsed.spaceKey;
  return `${name} (${parsed.spaceKey}): ${parsed.option.label}`;
}

/** An account with its effective access: groups, space permissions held directly and through groups. */
export async function accountAccess(store: Store, key: string) {
  return store.transaction(async (tx) => {
    const account = await tx.accounts.get(key);
    if (account === undefined) return undefined;
    const [assignments, groups, spaces, identity] = await Promise.all([
      tx.assignments.listByAccount(key),
      tx.entitlements.list('group'),
      tx.entitlements.list('space'),
      account.identityId === null ? Promise.resolve(undefined) : tx.identities.get(account.identityId),
    ]);
    const groupsById = new Map(groups.map((g) => [g.key, g]));
    const spacesByKey = new Map(spaces.map((s) => [s.key, s]));
    const access: AccessRow[] = [];
    for (const assignment of assignments) {
      if (assignment.kind === 'space') {
        access.push({
          kind: 'space',
          value: assignment.value,
          label: spaceLabel(assignment.value, spacesByKey),
          via: 'direct',
        });
        continue;
      }
      const group = groupsById.get(assignment.value);
      const groupName = group?.name ?? assignment.value;
      access.push({ kind: 'group', value: assignment.value, label: groupName, via: 'direct' });
      for (const value of groupSpacePermissions(group)) {
        access.push({
          kind: 'space',
          value,
          label: spaceLabel(value, spacesByKey),
          via: `group ${groupName}`,
        });
      }
    }
    return { account: toRow(account), identity: identity ?? null, access };
  });
}

/** What the principal's identity already holds in a space or group: the rows of its effective access there. */
export async function heldInItem(
  store: Store,
  principal: { identityEmail: string | undefined },
  item: { type: 'group' | 'space'; key: string },
): Promise<AccessRow[]> {
  if (principal.identityEmail === undefined) return [];
  const account = await store.transaction(async (tx) => {
    const identity = await tx.identities.getByEmail(principal.identityEmail ?? '');
    return identity === undefined ? undefined : tx.accounts.getByIdentity(identity.id);
  });
  if (account === undefined) return [];
  const access = (await accountAccess(store, account.key))?.access ?? [];
  return access.filter((row) =>
    item.type === 'group' ? row.value === item.key : row.value.startsWith(`${item.key}:`),
  );
}
