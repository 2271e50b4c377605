import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../migrations/dialect.ts';

/** The lists with a search index (migration 0007), by table: the search table and the id column. */
const SEARCH_TABLES = {
  accounts: { search: 'accounts_search', id: 'key' },
  identities: { search: 'identities_search', id: 'id' },
} as const;

/** The shortest text the trigram index can look up; shorter text is matched by scanning. */
const TRIGRAM = 3;

/**
 * "Contains `text`" answered by SQLite's trigram index: the ids whose searched values contain the
 * text as one phrase (case folded). Undefined where the caller's `LIKE` filter is the right query:
 * on PostgreSQL (its trigram indexes serve `LIKE` itself) and for text under three characters.
 */
export function indexedContains(
  dialect: Dialect,
  table: keyof typeof SEARCH_TABLES,
  text: string,
): Expression<SqlBool> | undefined {
  const trimmed = text.trim();
  if (dialect !== 'sqlite' || [...trimmed].length < TRIGRAM) return undefined;
  const { search, id } = SEARCH_TABLES[table];
  const phrase = `"${trimmed.replaceAll('"', '""')}"`;
  return sql<SqlBool>`${sql.ref(`${table}.${id}`)} in (select ${sql.ref(id)} from ${sql.table(search)}
    where ${sql.table(search)} match ${phrase})`;
}

/** The single-column searches of the requests list (migrations 0007 and 0015): search table and column. */
const COLUMN_SEARCHES = {
  identities: { search: 'identities_search', column: 'name' },
  catalog_items: { search: 'catalog_items_search', column: 'name' },
  access_requests: { search: 'access_requests_search', column: 'id' },
} as const;

/**
 * The ids of the rows of `table` whose searched column contains `text`, case folded: on SQLite
 * from its trigram table (that column only), else `lower(expression) LIKE pattern`, which
 * PostgreSQL's trigram indexes serve (and SQLite scans, for text under three characters).
 */
export function idsContaining(
  dialect: Dialect,
  table: keyof typeof COLUMN_SEARCHES,
  text: string,
  expression: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const trimmed = text.trim();
  if (dialect === 'sqlite' && [...trimmed].length >= TRIGRAM) {
    const { search, column } = COLUMN_SEARCHES[table];
    const query = `${column} : "${trimmed.replaceAll('"', '""')}"`;
    return sql`select id from ${sql.table(search)} where ${sql.table(search)} match ${query}`;
  }
  const pattern = `%${trimmed.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`select id from ${sql.table(table)} where lower(${expression}) like ${pattern} escape '\\'`;
}
