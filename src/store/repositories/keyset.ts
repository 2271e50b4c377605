import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { DomainError, type Page, type PageRequest } from '../../core/index.ts';

/** A cursor value: the sort columns of the last row of a page. */
type KeyValue = string | number;

/** A sort column: a column name, or an expression (the same text an index of migration 0013 is built on). */
type KeyColumn = string | Expression<unknown>;

/** One keyset order: its name (bound into cursors), its columns (the last unique), one direction. */
export interface KeysetOrder {
  name: string;
  columns: ReadonlyArray<KeyColumn>;
  direction: 'asc' | 'desc';
}

function refOf(column: KeyColumn): Expression<unknown> {
  return typeof column === 'string' ? sql.ref(column) : column;
}

/**
 * The order run the other way when asked: both directions walk the same index (forwards or
 * backwards), and the cursor names the direction, so a cursor of one is refused by the other.
 */
export function directed(order: KeysetOrder, direction: 'asc' | 'desc' | undefined): KeysetOrder {
  if (direction === undefined || direction === order.direction) return order;
  return { ...order, name: `${order.name}.${direction}`, direction };
}

/** The opaque cursor for the row after `values` in `order`. */
export function encodeCursor(order: KeysetOrder, values: ReadonlyArray<KeyValue>): string {
  return Buffer.from(JSON.stringify([order.name, ...values])).toString('base64url');
}

/** The sort values a cursor carries; `page.invalid_cursor` for a malformed cursor or one of another order. */
export function decodeCursor(order: KeysetOrder, cursor: string): KeyValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === order.columns.length + 1 &&
    parsed[0] === order.name &&
    parsed.slice(1).every((v) => typeof v === 'string' || typeof v === 'number');
  if (!ok) {
    throw new DomainError('page.invalid_cursor', 'the cursor is not one this list returned', {
      order: order.name,
    });
  }
  return (parsed as KeyValue[]).slice(1);
}

/**
 * `(a, b, …) > (x, y, …)` (or `<` descending): a row-value comparison both engines serve from an
 * index. When the first term is an expression, `a >= x` is added: SQLite seeks an expression index
 * on that bound but not on a row value that starts with an expression.
 */
export function after(order: KeysetOrder, values: ReadonlyArray<KeyValue>): Expression<SqlBool> {
  const refs = sql.join(order.columns.map(refOf));
  const vals = sql.join(values.map((v) => sql.val(v)));
  const asc = order.direction === 'asc';
  const rows = asc ? sql<SqlBool>`(${refs}) > (${vals})` : sql<SqlBool>`(${refs}) < (${vals})`;
  const first = order.columns[0];
  if (first === undefined || typeof first === 'string' || values[0] === undefined) return rows;
  const bound = asc ? sql`${first} >= ${sql.val(values[0])}` : sql`${first} <= ${sql.val(values[0])}`;
  return sql<SqlBool>`(${bound} and ${rows})`;
}

/**
 * Reads one page in `order`: rows after the cursor, `limit + 1` of them to know whether another
 * page follows, and the next cursor from the last row kept (`keyOf` gives its sort values).
 */
export async function keysetPage<DB, TB extends keyof DB, O, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder,
  page: PageRequest,
  keyOf: (row: O) => KeyValue[],
  map: (row: O) => T,
): Promise<Page<T>> {
  let q = query;
  if (page.cursor !== undefined) q = q.where(after(order, decodeCursor(order, page.cursor)));
  for (const column of order.columns) q = q.orderBy(refOf(column), order.direction);
  const rows = await q.limit(page.limit + 1).execute();
  const kept = rows.slice(0, page.limit);
  const last = kept.at(-1);
  const nextCursor = rows.length > page.limit && last !== undefined ? encodeCursor(order, keyOf(last)) : null;
  return { items: kept.map(map), nextCursor };
}

/** Counts the rows of a filtered query (only when the caller asked for a total). */
export async function countRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  counted: string = '*',
): Promise<{ total?: number }> {
  if (page.withTotal !== true) return {};
  const what = counted === '*' ? sql`count(*)` : sql`count(distinct ${sql.ref(counted)})`;
  const row = await query
    .clearSelect()
    .select(sql<string | number>`${what}`.as('n'))
    .executeTakeFirstOrThrow();
  return { total: Number((row as { n: string | number }).n) };
}

/** A `LIKE` pattern for "contains", with `%`, `_` and `\` in the text matched literally (`ESCAPE '\'`). */
export function containsPattern(text: string): string {
  return `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column) LIKE pattern ESCAPE '\'` for one column, the same on both engines. */
export function likeLower(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** `column LIKE pattern ESCAPE '\'` for a column stored lower-cased already (no `lower()` per row). */
export function likeStoredLower(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
