import { parseSpacePermissionValue } from '../../connector/index.ts';
import type {
  AccountQuery,
  AccountSummary,
  Assignment,
  CatalogItemRef,
  EntitlementQuery,
  Page,
  Store,
  StoredAccount,
  StoredEntitlement,
  StoreTx,
} from '../../core/index.ts';

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

function toRow(account: AccountSummary | StoredAccount): AccountRow {
  const { key, email, displayName, identityId, disabled, aggregatedAt } = account;
  return { key, email, displayName, identityId, disabled, aggregatedAt };
}

/** One page of aggregated accounts, searched, filtered and ordered by the store. */
export async function listAccounts(store: Store, query: AccountQuery): Promise<Page<AccountRow>> {
  const page = await store.transaction((tx) => tx.accounts.page(query));
  return { ...page, items: page.items.map(toRow) };
}

/** One page of aggregated groups and spaces, searched by key or name. */
export async function listEntitlements(store: Store, query: EntitlementQuery) {
  const page = await store.transaction((tx) => tx.entitlements.page(query));
  return { ...page, items: page.items.map((e) => ({ type: e.type, key: e.key, name: e.name })) };
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

/** The groups an account's assignments name, and the spaces those and the groups' permissions name. */
async function entitlementsOf(tx: StoreTx, assignments: ReadonlyArray<Assignment>) {
  const groupKeys = assignments.filter((a) => a.kind === 'group').map((a) => a.value);
  const groupsById = new Map((await tx.entitlements.getMany('group', groupKeys)).map((g) => [g.key, g]));
  const values = [
    ...assignments.filter((a) => a.kind === 'space').map((a) => a.value),
    ...[...groupsById.values()].flatMap(groupSpacePermissions),
  ];
  const spaceKeys = values.flatMap((v) => parseSpacePermissionValue(v)?.spaceKey ?? []);
  const spacesByKey = new Map((await tx.entitlements.getMany('space', spaceKeys)).map((e) => [e.key, e]));
  return { groupsById, spacesByKey };
}

/** The effective access of one account, read inside the caller's transaction. */
async function accessIn(tx: StoreTx, key: string): Promise<AccessRow[]> {
  const assignments = await tx.assignments.listByAccount(key);
  const { groupsById, spacesByKey } = await entitlementsOf(tx, assignments);
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
      access.push({ kind: 'space', value, label: spaceLabel(value, spacesByKey), via: `group ${groupName}` });
    }
  }
  return access;
}

/** Whether a held value (a group id, or `SPACEKEY:option`) is access in this space or group. */
function heldIn(item: CatalogItemRef, value: string): boolean {
  return item.type === 'group' ? value === item.key : parseSpacePermissionValue(value)?.spaceKey === item.key;
}

/**
 * What an account holds in one space or group (its effective access rows there) and how much it
 * holds in all, without expanding every other row: what an approver's inbox shows per request.
 */
export async function accessAt(
  tx: StoreTx,
  key: string,
  item: CatalogItemRef,
): Promise<{ here: AccessRow[]; total: { groups: number; spacePermissions: number } }> {
  const assignments = await tx.assignments.listByAccount(key);
  const groupKeys = assignments.filter((a) => a.kind === 'group').map((a) => a.value);
  const groups = await tx.entitlements.getMany('group', groupKeys);
  const inItem = (value: string) => heldIn(item, value);
  const spaces = new Map(
    item.type === 'space' ? (await tx.entitlements.getMany('space', [item.key])).map((e) => [e.key, e]) : [],
  );
  const here: AccessRow[] = [];
  for (const a of assignments.filter((x) => inItem(x.value))) {
    const label =
      a.kind === 'group'
        ? (groups.find((g) => g.key === a.value)?.name ?? a.value)
        : spaceLabel(a.value, spaces);
    here.push({ kind: a.kind, value: a.value, label, via: 'direct' });
  }
  let viaGroups = 0;
  for (const group of groups) {
    const values = groupSpacePermissions(group);
    viaGroups += values.length;
    for (const value of values.filter(inItem)) {
      here.push({ kind: 'space', value, label: spaceLabel(value, spaces), via: `group ${group.name}` });
    }
  }
  const direct = assignments.filter((a) => a.kind === 'space').length;
  return { here, total: { groups: groupKeys.length, spacePermissions: direct + viaGroups } };
}

/** An account with its effective access: groups, space permissions held directly and through groups. */
export async function accountAccess(store: Store, key: string) {
  return store.transaction(async (tx) => {
    const account = await tx.accounts.get(key);
    if (account === undefined) return undefined;
    const identity = account.identityId === null ? undefined : await tx.identities.get(account.identityId);
    return { account: toRow(account), identity: identity ?? null, access: await accessIn(tx, key) };
  });
}

/** What the principal's identity already holds in a space or group: the rows of its effective access there. */
export async function heldInItem(
  store: Store,
  principal: { identityEmail: string | undefined },
  item: CatalogItemRef,
): Promise<AccessRow[]> {
  if (principal.identityEmail === undefined) return [];
  const account = await store.transaction(async (tx) => {
    const identity = await tx.identities.getByEmail(principal.identityEmail ?? '');
    return identity === undefined ? undefined : tx.accounts.getByIdentity(identity.id);
  });
  if (account === undefined) return [];
  const access = (await accountAccess(store, account.key))?.access ?? [];
  return access.filter((row) => heldIn(item, row.value));
}
