import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../migrations/dialect.ts';

/** The lists with a search index (migration 0006), by table: the search table and the id column. */
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
