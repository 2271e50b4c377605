import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { AccountQuery, AccountSort, AccountSummary, IdentityQuery, Page } from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import {
  containsPattern,
  countRows,
  type KeysetOrder,
  keysetPage,
  likeLower,
  likeStoredLower,
} from './keyset.ts';
import { indexedContains } from './text-search.ts';

type AccountRow = Omit<Selectable<Database['accounts']>, 'attributes'>;
const SUMMARY_COLUMNS = [
  'key',
  'email_lower',
  'identity_id',
  'display_name',
  'disabled',
  'guest',
  'aggregated_at',
] as const;
type IdentityRow = Selectable<Database['identities']>;

const ACCOUNT_ORDERS: Readonly<Record<AccountSort, KeysetOrder>> = {
  name: { name: 'accounts.name', columns: ['display_name', 'key'], direction: 'asc' },
  email: { name: 'accounts.email', columns: ['email_lower', 'key'], direction: 'asc' },
  aggregatedAt: { name: 'accounts.aggregated', columns: ['aggregated_at', 'key'], direction: 'desc' },
};

const IDENTITY_ORDER: KeysetOrder = {
  name: 'identities.name',
  columns: ['last_name', 'first_name', 'id'],
  direction: 'asc',
};

function toSummary(row: AccountRow): AccountSummary {
  return {
    key: row.key,
    email: row.email_lower,
    identityId: row.identity_id,
    displayName: row.display_name,
    disabled: row.disabled === 1,
    guest: row.guest === 1,
    aggregatedAt: row.aggregated_at,
  };
}

function accountsMatching(db: Kysely<Database>, dialect: Dialect, query: AccountQuery) {
  let q = db.selectFrom('accounts');
  if (query.status !== undefined) q = q.where('disabled', '=', query.status === 'disabled' ? 1 : 0);
  if (query.orphan !== undefined) q = q.where('identity_id', query.orphan ? 'is' : 'is not', null);
  if (query.guest !== undefined) q = q.where('guest', '=', query.guest ? 1 : 0);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    q = q.where(
      (eb) =>
        indexedContains(dialect, 'accounts', text) ??
        eb.or([
          likeStoredLower('email_lower', pattern),
          likeLower('display_name', pattern),
          likeLower('key', pattern),
        ]),
    );
  }
  return q;
}

/** One page of accounts in the asked order (name by default); the total only when asked. */
export async function pageAccounts(
  db: Kysely<Database>,
  dialect: Dialect,
  query: AccountQuery,
): Promise<Page<AccountSummary>> {
  const order = ACCOUNT_ORDERS[query.sort ?? 'name'];
  const matching = accountsMatching(db, dialect, query);
  const keyOf = (r: AccountRow) =>
    order === ACCOUNT_ORDERS.email
      ? [r.email_lower, r.key]
      : order === ACCOUNT_ORDERS.aggregatedAt
        ? [r.aggregated_at, r.key]
        : [r.display_name, r.key];
  const page = await keysetPage(matching.select(SUMMARY_COLUMNS), order, query, keyOf, toSummary);
  return { ...page, ...(await countRows(matching.select('key'), query)) };
}

function identitiesMatching(db: Kysely<Database>, dialect: Dialect, query: IdentityQuery) {
  let q = db.selectFrom('identities');
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.managerId !== undefined) q = q.where('manager_id', '=', query.managerId);
  if (query.excludeId !== undefined) q = q.where('id', '<>', query.excludeId);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    q = q.where(
      (eb) =>
        indexedContains(dialect, 'identities', text) ??
        eb.or([
          likeStoredLower('email_lower', pattern),
          likeLower('id', pattern),
          sql<SqlBool>`lower(first_name || ' ' || last_name) like ${pattern} escape '\\'`,
        ]),
    );
  }
  return q;
}

/** One page of identities by last name, first name, id; the total only when asked. */
export async function pageIdentities<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  query: IdentityQuery,
  map: (row: IdentityRow) => T,
): Promise<Page<T>> {
  const matching = identitiesMatching(db, dialect, query);
  const keyOf = (r: IdentityRow) => [r.last_name, r.first_name, r.id];
  const page = await keysetPage(matching.selectAll(), IDENTITY_ORDER, query, keyOf, map);
  return { ...page, ...(await countRows(matching.select('id'), query)) };
}
