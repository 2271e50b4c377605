import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  CatalogQuery,
  CatalogSort,
  EntitlementQuery,
  EntitlementSort,
  HolderQuery,
  HolderRow,
  Page,
  PeerQuery,
  PeerSummary,
} from '../../core/index.ts';
import type { Database } from '../schema.ts';
import { containsPattern, countRows, directed, type KeysetOrder, keysetPage, likeLower } from './keyset.ts';
import { RISK_RANK_SQL, riskRank } from './risk-rank.ts';

type EntitlementRow = Selectable<Database['entitlements']>;
type CatalogRow = Selectable<Database['catalog_items']>;

const ENTITLEMENT_ORDERS: Readonly<Record<EntitlementSort, KeysetOrder>> = {
  type: { name: 'entitlements', columns: ['type', 'key'], direction: 'asc' },
  name: { name: 'entitlements.name', columns: ['name', 'type', 'key'], direction: 'asc' },
  key: { name: 'entitlements.key', columns: ['key', 'type'], direction: 'asc' },
};
const ENTITLEMENT_KEYS: Readonly<Record<EntitlementSort, (r: EntitlementRow) => string[]>> = {
  type: (r) => [r.type, r.key],
  name: (r) => [r.name, r.type, r.key],
  key: (r) => [r.key, r.type],
};

const CATALOG_ORDERS: Readonly<Record<CatalogSort, KeysetOrder>> = {
  type: { name: 'catalog', columns: ['type', 'name', 'id'], direction: 'asc' },
  name: { name: 'catalog.name', columns: ['name', 'id'], direction: 'asc' },
  key: { name: 'catalog.key', columns: ['entitlement_key', 'id'], direction: 'asc' },
  risk: { name: 'catalog.risk', columns: [sql.raw(RISK_RANK_SQL), 'name', 'id'], direction: 'asc' },
};
const CATALOG_KEYS: Readonly<Record<CatalogSort, (r: CatalogRow) => Array<string | number>>> = {
  type: (r) => [r.type, r.name, r.id],
  name: (r) => [r.name, r.id],
  key: (r) => [r.entitlement_key, r.id],
  risk: (r) => [riskRank(r.risk), r.name, r.id],
};
const HOLDER_ORDER: KeysetOrder = { name: 'holders', columns: ['account_key'], direction: 'asc' };

/** One page of entitlements in the asked order (type and key by default); the total only when asked. */
export async function pageEntitlements<T>(
  db: Kysely<Database>,
  query: EntitlementQuery,
  map: (row: EntitlementRow) => T,
): Promise<Page<T>> {
  let matching = db.selectFrom('entitlements');
  if (query.type !== undefined) matching = matching.where('type', '=', query.type);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    matching = matching.where((eb) => eb.or([likeLower('key', pattern), likeLower('name', pattern)]));
  }
  const sort = query.sort ?? 'type';
  const order = directed(ENTITLEMENT_ORDERS[sort], query.direction);
  const page = await keysetPage(matching.selectAll(), order, query, ENTITLEMENT_KEYS[sort], map);
  return { ...page, ...(await countRows(matching.select('key'), query)) };
}

/** One page of catalog items in the asked order (type, name and id by default); the total only when asked. */
export async function pageCatalog<T>(
  db: Kysely<Database>,
  query: CatalogQuery,
  map: (row: CatalogRow) => T,
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
  const sort = query.sort ?? 'type';
  const order = directed(CATALOG_ORDERS[sort], query.direction);
  const page = await keysetPage(matching.selectAll(), order, query, CATALOG_KEYS[sort], map);
  return { ...page, ...(await countRows(matching.select('id'), query)) };
}

/**
 * The assignment rows of the holder query: one group's members, or every option of one space.
 * Peers are checked holder by holder (a key lookup each), so the cost follows the item's holders,
 * not the size of the department.
 */
function heldRows(
  db: Kysely<Database>,
  query: Pick<HolderQuery, 'peersOf'> &
    ({ kind: 'group'; groupId: string } | { kind: 'space'; spaceKey: string }),
) {
  let rows = db.selectFrom('assignments').where('kind', '=', query.kind);
  const peers = query.peersOf;
  if (peers !== undefined) {
    rows = rows.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('accounts')
          .innerJoin('identities', 'identities.id', 'accounts.identity_id')
          .select(sql<number>`1`.as('one'))
          .whereRef('accounts.key', '=', 'assignments.account_key')
          .where('identities.department', '=', peers.department)
          .where('identities.id', '<>', peers.excludeIdentityId),
      ),
    );
  }
  if (query.kind === 'group') return rows.where('value', '=', query.groupId);
  // `SPACEKEY:option` values sort between `KEY:` and `KEY;` (';' follows ':'), an index range.
  return rows.where('value', '>=', `${query.spaceKey}:`).where('value', '<', `${query.spaceKey};`);
}

/**
 * The inbox's peers: the first few by account key with their names, and a count that stops at
 * `cap` (a group of 55,000 members in a department of 8,000 is "100 or more", not 4,568 probes).
 */
export async function peerSummary(db: Kysely<Database>, query: PeerQuery): Promise<PeerSummary> {
  const { department, excludeIdentityId } = query;
  const item =
    query.kind === 'group'
      ? { kind: 'group' as const, groupId: query.groupId }
      : { kind: 'space' as const, spaceKey: query.spaceKey };
  // One statement: the first `cap + 1` peers by account key, how many of them there are, and the names of the first few.
  const found = heldRows(db, { ...item, peersOf: { department, excludeIdentityId } })
    .select('assignments.account_key')
    .distinct()
    .orderBy('assignments.account_key')
    .limit(query.cap + 1);
  const rows = await db
    .with('found', () => found)
    .selectFrom('found')
    .leftJoin('accounts', 'accounts.key', 'found.account_key')
    .select([
      'accounts.display_name',
      'found.account_key',
      (eb) => eb.selectFrom('found').select(sql<string | number>`count(*)`.as('n')).as('n'),
    ])
    .orderBy('found.account_key')
    .limit(query.names)
    .execute();
  const n = Number(rows[0]?.n ?? 0);
  return {
    names: rows.map((r) => r.display_name ?? r.account_key),
    total: Math.min(n, query.cap),
    atLeast: n > query.cap,
  };
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
