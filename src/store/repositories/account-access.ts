import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AccessEntry, AccessQuery, AccessTotals, Page } from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { decodeCursor, encodeCursor, type KeysetOrder } from './keyset.ts';

/** Groups first, then space permissions by value; a value held directly before the same value through a group. */
const ACCESS_ORDER: KeysetOrder = { name: 'access', columns: ['kind', 'value', 'via'], direction: 'asc' };

/**
 * The `SPACEKEY:option` strings a group's stored attributes list, one row each (`perm`), read by
 * the database from the JSON text: a group that holds permissions in every space is one row per
 * permission here, never one parsed object in the process.
 */
function groupPermissions(dialect: Dialect): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`cross join lateral jsonb_array_elements(
        case when jsonb_typeof((g.attributes::jsonb) -> 'spacePermissions') = 'array'
          then (g.attributes::jsonb) -> 'spacePermissions' else '[]'::jsonb end) as j(elem)
        where jsonb_typeof(j.elem) = 'string'`
    : sql`join json_each(g.attributes, '$.spacePermissions') as j
        where json_type(g.attributes, '$.spacePermissions') = 'array' and j.type = 'text'`;
}

function permissionText(dialect: Dialect): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`(j.elem #>> '{}')` : sql<string>`j.value`;
}

/** Rows of an account's effective access in one space or group only (a key range for a space). */
function inItem(item: AccessQuery['item']): RawBuilder<unknown> {
  if (item === undefined) return sql`1 = 1`;
  if (item.type === 'group') return sql`kind = 'group' and value = ${item.key}`;
  return sql`kind = 'space' and value >= ${`${item.key}:`} and value < ${`${item.key};`}`;
}

/** Every row of one account's effective access: its assignments, and each of its groups' space permissions. */
function effectiveAccess(dialect: Dialect, accountKey: string): RawBuilder<unknown> {
  return sql`
      select a.kind as kind, a.value as value, '' as via, cast(null as text) as via_name
        from assignments a where a.account_key = ${accountKey}
      union all
      select 'space' as kind, ${permissionText(dialect)} as value, g.key as via, g.name as via_name
        from assignments m
        join entitlements g on g.type = 'group' and g.key = m.value
        ${groupPermissions(dialect)}
          and m.account_key = ${accountKey} and m.kind = 'group'
`;
}

/**
 * One page of an account's effective access, ordered and paged by the database: its direct
 * assignments (groups and space permissions) and the space permissions each of its groups holds,
 * with the group that gives them. Nothing about the account's other rows is read into memory.
 */
export async function pageAccess(
  db: Kysely<Database>,
  dialect: Dialect,
  query: AccessQuery,
): Promise<Page<AccessEntry>> {
  const start = query.cursor === undefined ? undefined : decodeCursor(ACCESS_ORDER, query.cursor).map(String);
  const afterCursor =
    start === undefined ? sql`1 = 1` : sql`(kind, value, via) > (${start[0]}, ${start[1]}, ${start[2]})`;
  const rows = await sql<{ kind: string; value: string; via: string; via_name: string | null }>`
    select kind, value, via, via_name from (${effectiveAccess(dialect, query.accountKey)}) access
    where ${inItem(query.item)} and ${afterCursor}
    order by kind, value, via
    limit ${query.limit + 1}`.execute(db);
  const kept = rows.rows.slice(0, query.limit);
  const last = kept.at(-1);
  const nextCursor =
    rows.rows.length > query.limit && last !== undefined
      ? encodeCursor(ACCESS_ORDER, [last.kind, last.value, last.via])
      : null;
  return {
    items: kept.map((r) => ({
      kind: r.kind as AccessEntry['kind'],
      value: r.value,
      viaGroup: r.via === '' ? null : { key: r.via, name: r.via_name ?? r.via },
    })),
    nextCursor,
  };
}

/**
 * How much each of these accounts holds: its groups, and its space permissions direct and through
 * groups. A group's share is the length of its stored list, read without expanding it (a site-wide
 * group lists 4,844 and its attribute is 2.7 MB): entries that are not `SPACEKEY:option` strings,
 * which no connector writes, count here although the paged rows leave them out.
 */
export async function accessTotals(
  db: Kysely<Database>,
  dialect: Dialect,
  accountKeys: ReadonlyArray<string>,
): Promise<Map<string, AccessTotals>> {
  const totals = new Map(accountKeys.map((k) => [k, { groups: 0, spacePermissions: 0 }]));
  if (accountKeys.length === 0) return totals;
  const keys = sql.join([...new Set(accountKeys)].map((k) => sql`${k}`));
  const listed =
    dialect === 'postgres'
      ? sql`case when jsonb_typeof((g.attributes::jsonb) -> 'spacePermissions') = 'array'
          then jsonb_array_length((g.attributes::jsonb) -> 'spacePermissions') else 0 end`
      : sql`case when json_type(g.attributes, '$.spacePermissions') = 'array'
          then json_array_length(g.attributes, '$.spacePermissions') else 0 end`;
  const counted = await sql<{ account_key: string; groups: string | number; spaces: string | number }>`
    select a.account_key as account_key,
      sum(case when a.kind = 'group' then 1 else 0 end) as groups,
      sum(case when a.kind = 'space' then 1 when g.key is not null then ${listed} else 0 end) as spaces
    from assignments a
    left join entitlements g on a.kind = 'group' and g.type = 'group' and g.key = a.value
    where a.account_key in (${keys})
    group by a.account_key`.execute(db);
  for (const row of counted.rows) {
    const held = totals.get(row.account_key);
    if (held === undefined) continue;
    held.groups = Number(row.groups);
    held.spacePermissions = Number(row.spaces);
  }
  return totals;
}
