import type { Kysely, Selectable } from 'kysely';
import type { CatalogQuery, EntitlementQuery, HolderQuery, HolderRow, Page } from '../../core/index.ts';
import type { Database } from '../schema.ts';
import { containsPattern, countRows, type KeysetOrder, keysetPage, likeLower } from './keyset.ts';

const ENTITLEMENT_ORDER: KeysetOrder = { name: 'entitlements', columns: ['type', 'key'], direction: 'asc' };
const CATALOG_ORDER: KeysetOrder = { name: 'catalog', columns: ['type', 'name', 'id'], direction: 'asc' };
const HOLDER_ORDER: KeysetOrder = { name: 'holders', columns: ['account_key'], direction: 'asc' };

/** One page of entitlements by type and key; the total only when asked. */
export async function pageEntitlements<T>(
  db: Kysely<Database>,
  query: EntitlementQuery,
  map: (row: Selectable<Database['entitlements']>) => T,
): Promise<Page<T>> {
  let matching = db.selectFrom('entitlements');
  if (query.type !== undefined) matching = matching.where('type', '=', query.type);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    matching = matching.where((eb) => eb.or([likeLower('key', pattern), likeLower('name', pattern)]));
  }
  const page = await keysetPage(matching.selectAll(), ENTITLEMENT_ORDER, query, (r) => [r.type, r.key], map);
  return { ...page, ...(await countRows(matching.select('key'), query)) };
}

/** One page of catalog items by type, name and id; the total only when asked. */
export async function pageCatalog<T>(
  db: Kysely<Database>,
  query: CatalogQuery,
  map: (row: Selectable<Database['catalog_items']>) => T,
): Promise<Page<T>> {
  let matching = db.selectFrom('catalog_items');
  if (query.type !== undefined) matching = matching.where('type', '=', query.type);
  if (query.requestable !== undefined)
    matching = matching.where('requestable', '=', query.requestable ? 1 : 0);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    matching = matching.where((eb) =>
      eb.or([likeLower('name', pattern), likeLower('entitlement_key', pattern)]),
    );
  }
  const keyOf = (r: Selectable<Database['catalog_items']>) => [r.type, r.name, r.id];
  const page = await keysetPage(matching.selectAll(), CATALOG_ORDER, query, keyOf, map);
  return { ...page, ...(await countRows(matching.select('id'), query)) };
}

/** The assignment rows of the holder query: one group's members, or every option of one space. */
function heldRows(db: Kysely<Database>, query: HolderQuery) {
  let rows = db.selectFrom('assignments').where('kind', '=', query.kind);
  const peers = query.peersOf;
  if (peers !== undefined) {
    const ofDepartment = db
      .selectFrom('accounts')
      .innerJoin('identities', 'identities.id', 'accounts.identity_id')
      .select('accounts.key')
      .where('identities.department', '=', peers.department)
      .where('identities.id', '<>', peers.excludeIdentityId);
    rows = rows.where('assignments.account_key', 'in', ofDepartment);
  }
  if (query.kind === 'group') return rows.where('value', '=', query.groupId);
  // `SPACEKEY:option` values sort between `KEY:` and `KEY;` (';' follows ':'), an index range.
  return rows.where('value', '>=', `${query.spaceKey}:`).where('value', '<', `${query.spaceKey};`);
}

/**
 * One page of holding accounts by account key, from the assignment rows (so holders, members and
 * an account's access read the same rows): a page of distinct keys, then what each holds.
 */
export async function pageHolders(db: Kysely<Database>, query: HolderQuery): Promise<Page<HolderRow>> {
  const keys = heldRows(db, query).select('account_key').distinct();
  const page = await keysetPage(
    keys,
    HOLDER_ORDER,
    query,
    (r) => [r.account_key],
    (r) => r.account_key,
  );
  const total = await countRows(heldRows(db, query).select('account_key'), query, 'account_key');
  if (page.items.length === 0) return { ...page, items: [], ...total };
  const rows = await heldRows(db, query)
    .leftJoin('accounts', 'accounts.key', 'assignments.account_key')
    .select(['assignments.account_key', 'assignments.value', 'accounts.email_lower', 'accounts.display_name'])
    .where('assignments.account_key', 'in', page.items)
    .orderBy('assignments.value')
    .execute();
  const byKey = new Map<string, HolderRow>(
    page.items.map((key) => [key, { accountKey: key, email: '', displayName: key, values: [] }]),
  );
  for (const row of rows) {
    const holder = byKey.get(row.account_key);
    if (holder === undefined) continue;
    holder.email = row.email_lower ?? '';
    holder.displayName = row.display_name ?? row.account_key;
    holder.values.push(row.value);
  }
  return { items: [...byKey.values()], nextCursor: page.nextCursor, ...total };
}
