import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.ts';

/**
 * Indexes for the requests list's "contains" search (the request id, the item's name, a person's
 * name), so a search of a large store reads the matches instead of every request. People's names
 * are already indexed (0007); this adds the catalog items' names and the requests' ids.
 *
 * SQLite: FTS5 trigram tables kept by triggers, as 0007 does (rowid follows the row's rowid).
 * PostgreSQL: trigram GIN indexes on the expressions the `LIKE` filters use, skipped like 0007's
 * where `pg_trgm` is not installed (0007 installs it when it can).
 */
export function requestSearch(dialect: Dialect): Migration {
  return { up: (db) => (dialect === 'sqlite' ? sqliteSearch(db) : postgresSearch(db)) };
}

/** Each searched table: its search table, its id column, and the one searched value. */
const SEARCHED = [
  { table: 'catalog_items', search: 'catalog_items_search', column: 'name' },
  { table: 'access_requests', search: 'access_requests_search', column: 'id' },
] as const;

async function sqliteSearch(db: Kysely<unknown>): Promise<void> {
  for (const { table, search, column } of SEARCHED) {
    const columns = column === 'id' ? 'id' : `id, ${column}`;
    const values = (row: string) => (column === 'id' ? `${row}.id` : `${row}.id, ${row}.${column}`);
    await sql.raw(`CREATE VIRTUAL TABLE ${search} USING fts5(${columns}, tokenize = 'trigram')`).execute(db);
    await sql
      .raw(`INSERT INTO ${search} (rowid, ${columns}) SELECT rowid, ${values(table)} FROM ${table}`)
      .execute(db);
    const insert = `INSERT INTO ${search} (rowid, ${columns}) VALUES (new.rowid, ${values('new')});`;
    const remove = `DELETE FROM ${search} WHERE rowid = old.rowid;`;
    await sql.raw(`CREATE TRIGGER ${search}_insert AFTER INSERT ON ${table} BEGIN ${insert} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${search}_delete AFTER DELETE ON ${table} BEGIN ${remove} END`).execute(db);
    const changed = ['id', column].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
    await sql
      .raw(
        `CREATE TRIGGER ${search}_update AFTER UPDATE ON ${table} WHEN ${changed} BEGIN ${remove} ${insert} END`,
      )
      .execute(db);
  }
}

async function postgresSearch(db: Kysely<unknown>): Promise<void> {
  const found = await sql<{ schema: string }>`SELECT n.nspname AS schema FROM pg_extension e
    JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(db);
  const where = found.rows[0]?.schema;
  if (where === undefined) return;
  for (const { table, search, column } of SEARCHED) {
    await sql
      .raw(`CREATE INDEX ${search} ON ${table} USING gin ((lower(${column})) "${where}".gin_trgm_ops)`)
      .execute(db);
  }
}
