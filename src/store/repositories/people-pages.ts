import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type {
  AccountQuery,
  AccountSort,
  AccountSummary,
  IdentityQuery,
  IdentitySort,
  Page,
} from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import {
  containsPattern,
  countRows,
  directed,
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

const BY_NAME = ['last_name', 'first_name', 'id'] as const;
/** A person without a department or job title sorts as the empty text (first A–Z), not dropped by the keyset. */
const DEPARTMENT = sql`coalesce(department, '')`;
const JOB_TITLE = sql`coalesce(job_title, '')`;

const IDENTITY_ORDERS: Readonly<Record<IdentitySort, KeysetOrder>> = {
  name: { name: 'identities.name', columns: BY_NAME, direction: 'asc' },
  email: { name: 'identities.email', columns: ['email_lower', 'id'], direction: 'asc' },
  department: { name: 'identities.department', columns: [DEPARTMENT, ...BY_NAME], direction: 'asc' },
  jobTitle: { name: 'identities.title', columns: [JOB_TITLE, ...BY_NAME], direction: 'asc' },
  status: { name: 'identities.status', columns: ['status', ...BY_NAME], direction: 'asc' },
};

const IDENTITY_KEYS: Readonly<Record<IdentitySort, (r: IdentityRow) => string[]>> = {
  name: (r) => [r.last_name, r.first_name, r.id],
  email: (r) => [r.email_lower, r.id],
  department: (r) => [r.department ?? '', r.last_name, r.first_name, r.id],
  jobTitle: (r) => [r.job_title ?? '', r.last_name, r.first_name, r.id],
  status: (r) => [r.status, r.last_name, r.first_name, r.id],
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

/** The sort values of a row in one account order (its columns, in order). */
const ACCOUNT_KEYS: Readonly<Record<AccountSort, (r: AccountRow) => string[]>> = {
  name: (r) => [r.display_name, r.key],
  email: (r) => [r.email_lower, r.key],
  aggregatedAt: (r) => [r.aggregated_at, r.key],
};

/** One page of accounts in the asked order and direction (name A–Z by default); the total only when asked. */
export async function pageAccounts(
  db: Kysely<Database>,
  dialect: Dialect,
  query: AccountQuery,
): Promise<Page<AccountSummary>> {
  const sort = query.sort ?? 'name';
  const base = ACCOUNT_ORDERS[sort];
  const order = directed(base, query.direction);
  const matching = accountsMatching(db, dialect, query);
  const page = await keysetPage(
    matching.select(SUMMARY_COLUMNS),
    order,
    query,
    ACCOUNT_KEYS[sort],
    toSummary,
  );
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

/** One page of identities in the asked order and direction (last name, first name, id by default); the total only when asked. */
export async function pageIdentities<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  query: IdentityQuery,
  map: (row: IdentityRow) => T,
): Promise<Page<T>> {
  const matching = identitiesMatching(db, dialect, query);
  const sort = query.sort ?? 'name';
  const order = directed(IDENTITY_ORDERS[sort], query.direction);
  const page = await keysetPage(matching.selectAll(), order, query, IDENTITY_KEYS[sort], map);
  return { ...page, ...(await countRows(matching.select('id'), query)) };
}
