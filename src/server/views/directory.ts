import { parseSpacePermissionValue } from '../../connector/index.ts';
import type {
  AccessEntry,
  AccessQuery,
  AccountQuery,
  AccountSummary,
  CatalogItemRef,
  EntitlementQuery,
  Page,
  Store,
  StoredAccount,
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

function spaceLabel(value: string, spaces: Map<string, string>): string {
  const parsed = parseSpacePermissionValue(value);
  if (parsed === undefined) return value;
  const name = spaces.get(parsed.spaceKey) ?? parsed.spaceKey;
  return `${name} (${parsed.spaceKey}): ${parsed.option.label}`;
}

/** The rows of a page of effective access with their labels: only the names on the page are read. */
async function labelled(tx: StoreTx, entries: ReadonlyArray<AccessEntry>): Promise<AccessRow[]> {
  const groupNames = await tx.entitlements.namesOf(
    'group',
    entries.filter((e) => e.kind === 'group').map((e) => e.value),
  );
  const spaceNames = await tx.entitlements.namesOf(
    'space',
    entries.flatMap((e) => (e.kind === 'space' ? (parseSpacePermissionValue(e.value)?.spaceKey ?? []) : [])),
  );
  return entries.map((e) => ({
    kind: e.kind,
    value: e.value,
    label: e.kind === 'group' ? (groupNames.get(e.value) ?? e.value) : spaceLabel(e.value, spaceNames),
    via: e.viaGroup === null ? 'direct' : `group ${e.viaGroup.name}`,
  }));
}

/** How many rows of effective access one page shows unless asked. */
export const ACCESS_PAGE = 100;

/** At most this many rows of access in one space or group (15 options, directly and through a few groups). */
const IN_ITEM = 500;

/** One page of an account's effective access, read inside the caller's transaction. */
async function accessPageIn(tx: StoreTx, query: AccessQuery): Promise<Page<AccessRow>> {
  const page = await tx.assignments.access(query);
  return { ...page, items: await labelled(tx, page.items) };
}

/**
 * What each account holds in one space or group (its effective access rows there), labelled with
 * one read of names for all of them: what an approver's inbox shows per request.
 */
export async function accessInItems(
  tx: StoreTx,
  wanted: ReadonlyArray<{ accountKey: string; item: CatalogItemRef }>,
): Promise<AccessRow[][]> {
  const pages = [];
  for (const { accountKey, item } of wanted)
    pages.push((await tx.assignments.access({ accountKey, item, limit: IN_ITEM })).items);
  const rows = await labelled(tx, pages.flat());
  let at = 0;
  return pages.map((page) => {
    const mine = rows.slice(at, at + page.length);
    at += page.length;
    return mine;
  });
}

/**
 * An account with one page of its effective access (groups, space permissions held directly and
 * through groups) and the totals; the rest pages by cursor.
 */
export async function accountAccess(
  store: Store,
  key: string,
  page: Omit<AccessQuery, 'accountKey'> = { limit: ACCESS_PAGE },
) {
  return store.transaction(async (tx) => {
    const account = await tx.accounts.get(key);
    if (account === undefined) return undefined;
    const identity = account.identityId === null ? undefined : await tx.identities.get(account.identityId);
    const access = await accessPageIn(tx, { ...page, accountKey: key });
    const totals = (await tx.assignments.accessTotals([key])).get(key) ?? { groups: 0, spacePermissions: 0 };
    return {
      account: toRow(account),
      identity: identity ?? null,
      access,
      totals: { ...totals, rows: totals.groups + totals.spacePermissions },
    };
  });
}

/** What the principal's identity already holds in a space or group: the rows of its effective access there. */
export async function heldInItem(
  store: Store,
  principal: { identityEmail: string | undefined },
  item: CatalogItemRef,
): Promise<AccessRow[]> {
  const email = principal.identityEmail;
  if (email === undefined) return [];
  return store.transaction(async (tx) => {
    const identity = await tx.identities.getByEmail(email);
    const account = identity === undefined ? undefined : await tx.accounts.getByIdentity(identity.id);
    if (account === undefined) return [];
    return (await accessPageIn(tx, { accountKey: account.key, item, limit: IN_ITEM })).items;
  });
}
