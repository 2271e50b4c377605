import { type Kysely, type RawBuilder, sql } from 'kysely';
import type {
  GroupHoldersQuery,
  GroupSpacesQuery,
  HeldAccess,
  HeldAccessQuery,
  LatestGrant,
  Page,
  ReviewHolder,
} from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { chunks, parseJson } from './json.ts';
import { toIdentity } from './people.ts';

type IdentityRow = Database['identities'];
type HolderRow = IdentityRow & { account_key: string; last_activity: string | null };

/** The account's `lastActive` (or `lastActiveTimestamp`) attribute when it is a string, read in the database. */
function lastActivity(dialect: Dialect): RawBuilder<string | null> {
  if (dialect === 'postgres')
    return sql`case when jsonb_typeof(a.attributes::jsonb -> 'lastActive') = 'string'
      then a.attributes::jsonb ->> 'lastActive'
      when jsonb_typeof(a.attributes::jsonb -> 'lastActiveTimestamp') = 'string'
      then a.attributes::jsonb ->> 'lastActiveTimestamp' end`;
  return sql`case when json_type(a.attributes, '$.lastActive') = 'text' then json_extract(a.attributes, '$.lastActive')
    when json_type(a.attributes, '$.lastActiveTimestamp') = 'text'
    then json_extract(a.attributes, '$.lastActiveTimestamp') end`;
}

/** The space key of a `SPACEKEY:option` value (space keys never hold a colon), and whether it has one. */
function spaceKeyOf(
  dialect: Dialect,
  value: RawBuilder<string>,
): { key: RawBuilder<string>; ok: RawBuilder<unknown> } {
  return dialect === 'postgres'
    ? { key: sql`split_part(${value}, ':', 1)`, ok: sql`strpos(${value}, ':') > 1` }
    : { key: sql`substr(${value}, 1, instr(${value}, ':') - 1)`, ok: sql`instr(${value}, ':') > 1` };
}

/** A JSON array of the values in `order`, as text on both engines. */
function jsonArray(
  dialect: Dialect,
  value: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql`cast(json_agg(${value} order by ${order}) as text)`
    : sql`json_group_array(${value} order by ${order})`;
}

function inList(column: RawBuilder<unknown>, values: ReadonlyArray<string>): RawBuilder<unknown> {
  return values.length === 0 ? sql`1 = 1` : sql`${column} in (${sql.join(values.map((v) => sql`${v}`))})`;
}

/** The rows of the named groups, or of the named spaces (a key range each: `KEY:` up to `KEY;`). */
function keyed(query: HeldAccessQuery): RawBuilder<unknown> {
  if (query.keys.length === 0) return sql`1 = 1`;
  if (query.kind === 'group') return inList(sql`s.value`, query.keys);
  return sql`(${sql.join(
    query.keys.map((k) => sql`(s.value >= ${`${k}:`} and s.value < ${`${k};`})`),
    sql` or `,
  )})`;
}

function departments(values: ReadonlyArray<string>): RawBuilder<unknown> {
  return inList(sql`coalesce(i.department, '')`, values);
}

function toHolder(row: HolderRow): ReviewHolder {
  return { accountKey: row.account_key, lastActivity: row.last_activity, identity: toIdentity(row) };
}

/** The holder columns of a row joined to `accounts a` and `identities i`. */
function holderColumns(dialect: Dialect): RawBuilder<unknown> {
  return sql`a.key as account_key, ${lastActivity(dialect)} as last_activity, i.*`;
}

/**
 * The queries a launch reads the site through: windows of directly held access by account key,
 * and each group's spaces and members paged apart, so that a group's space permissions are
 * expanded by the database once per page of spaces, never once per member, and never in the process.
 */
export function reviewHoldings(db: Kysely<Database>, dialect: Dialect) {
  return {
    async heldDirectly(query: HeldAccessQuery): Promise<Page<HeldAccess>> {
      const after = query.after ?? '';
      const bound = await sql<{ hi: string | null; n: number | string }>`
        select max(account_key) as hi, count(*) as n from (
          select account_key from assignments s where kind = ${query.kind} and account_key > ${after}
            and ${keyed(query)}
          order by account_key limit ${query.limit}) w`.execute(db);
      const hi = bound.rows[0]?.hi ?? null;
      if (hi === null) return { items: [], nextCursor: null };
      const value = sql<string>`s.value`;
      const space = spaceKeyOf(dialect, value);
      const held =
        query.kind === 'group'
          ? sql`select s.account_key, s.value as key, '[]' as vals from assignments s
              where s.kind = 'group' and ${inList(sql`s.value`, query.keys)}
                and s.account_key > ${after} and s.account_key <= ${hi}`
          : sql`select account_key, space_key as key, ${jsonArray(dialect, sql`value`, sql`value`)} as vals from (
              select s.account_key, s.value, ${space.key} as space_key from assignments s
              where s.kind = 'space' and ${space.ok} and s.account_key > ${after} and s.account_key <= ${hi}) p
              where ${inList(sql`space_key`, query.keys)}
              group by account_key, space_key`;
      const rows = await sql<HolderRow & { key: string; vals: string }>`
        select h.key, h.vals, ${holderColumns(dialect)} from (${held}) h
        join accounts a on a.key = h.account_key
        join identities i on i.id = a.identity_id
        where ${departments(query.departments)}
        order by h.account_key, h.key`.execute(db);
      return {
        items: rows.rows.map((r) => ({
          holder: toHolder(r),
          key: r.key,
          values: parseJson<string[]>(r.vals),
        })),
        nextCursor: Number(bound.rows[0]?.n ?? 0) < query.limit ? null : hi,
      };
    },
    async groupsWithSpaces(query: { after?: string | undefined; limit: number }) {
      const listsSpaces =
        dialect === 'postgres'
          ? sql`jsonb_typeof(g.attributes::jsonb -> 'spacePermissions') = 'array'
              and jsonb_array_length(g.attributes::jsonb -> 'spacePermissions') > 0`
          : sql`json_type(g.attributes, '$.spacePermissions') = 'array'
              and json_array_length(g.attributes, '$.spacePermissions') > 0`;
      const rows = await sql<{ key: string; name: string }>`
        select g.key, g.name from entitlements g
        where g.type = 'group' and g.key > ${query.after ?? ''} and ${listsSpaces}
          and exists (select 1 from assignments m where m.kind = 'group' and m.value = g.key)
        order by g.key limit ${query.limit + 1}`.execute(db);
      const items = rows.rows.slice(0, query.limit);
      return { items, nextCursor: rows.rows.length > query.limit ? (items.at(-1)?.key ?? null) : null };
    },
    async groupSpaces(query: GroupSpacesQuery) {
      const elements =
        dialect === 'postgres'
          ? sql`select j.elem #>> '{}' as value, j.ord from entitlements g
              cross join lateral jsonb_array_elements(
                case when jsonb_typeof((g.attributes::jsonb) -> 'spacePermissions') = 'array'
                then (g.attributes::jsonb) -> 'spacePermissions' else '[]'::jsonb end) with ordinality as j(elem, ord)
              where g.type = 'group' and g.key = ${query.groupKey} and jsonb_typeof(j.elem) = 'string'`
          : sql`select j.value as value, j.key as ord from entitlements g
              join json_each(g.attributes, '$.spacePermissions') as j
              where g.type = 'group' and g.key = ${query.groupKey}
                and json_type(g.attributes, '$.spacePermissions') = 'array' and j.type = 'text'`;
      const space = spaceKeyOf(dialect, sql<string>`e.value`);
      const rows = await sql<{ space_key: string; vals: string }>`
        select space_key, ${jsonArray(dialect, sql`value`, sql`ord`)} as vals from (
          select ${space.key} as space_key, e.value, e.ord from (${elements}) e where ${space.ok}) p
        where space_key > ${query.after ?? ''} and ${inList(sql`space_key`, query.spaces)}
        group by space_key order by space_key limit ${query.limit + 1}`.execute(db);
      const items = rows.rows
        .slice(0, query.limit)
        .map((r) => ({ spaceKey: r.space_key, values: parseJson<string[]>(r.vals) }));
      return { items, nextCursor: rows.rows.length > query.limit ? (items.at(-1)?.spaceKey ?? null) : null };
    },
    async groupHolders(query: GroupHoldersQuery): Promise<Page<ReviewHolder>> {
      const rows = await sql<HolderRow>`
        select ${holderColumns(dialect)} from assignments m
        join accounts a on a.key = m.account_key
        join identities i on i.id = a.identity_id
        where m.kind = 'group' and m.value = ${query.groupKey} and m.account_key > ${query.after ?? ''}
          and ${departments(query.departments)}
        order by m.account_key limit ${query.limit + 1}`.execute(db);
      const items = rows.rows.slice(0, query.limit).map(toHolder);
      return {
        items,
        nextCursor: rows.rows.length > query.limit ? (items.at(-1)?.accountKey ?? null) : null,
      };
    },
    async latestGrants(identityIds: ReadonlyArray<string>): Promise<LatestGrant[]> {
      const found: LatestGrant[] = [];
      for (const batch of chunks([...new Set(identityIds)], 500)) {
        const rows = await db
          .selectFrom('access_requests')
          .select(['id', 'beneficiary_id', 'item_id', 'updated_at'])
          .where('kind', '=', 'grant')
          .where('status', 'in', ['fulfilled', 'partially_fulfilled'])
          .where('beneficiary_id', 'in', batch)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        for (const r of rows)
          found.push({ identityId: r.beneficiary_id, itemId: r.item_id, requestId: r.id, at: r.updated_at });
      }
      return found;
    },
  };
}
