import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.ts';

/**
 * Indexes for the "contains" searches of the accounts and identities lists, so a search of a large
 * site reads the matches instead of every row.
 *
 * SQLite: an FTS5 table per list with the trigram tokenizer (substring matching, case folded),
 * kept by triggers so every write path (upserts, batch inserts, the aggregation's SQL merge,
 * deletes) keeps it true. Its rowid follows the listed row's rowid, so a delete finds its entry.
 *
 * PostgreSQL: trigram GIN indexes (`pg_trgm`) on the very expressions the `LIKE` filters use, so the
 * queries stay as they are. The extension lives in `public`, shared by every schema; where it
 * cannot be installed (no privilege), the indexes are skipped and searches scan as before.
 */
export function textSearch(dialect: Dialect): Migration {
  return { up: (db) => (dialect === 'sqlite' ? sqliteSearch(db) : postgresSearch(db)) };
}

/** Each searched list: its search table, its id column, and the searched values as SQL over its columns. */
const SEARCHED = [
  { table: 'accounts', search: 'accounts_search', id: 'key', text: ['email_lower', 'display_name'] },
  {
    table: 'identities',
    search: 'identities_search',
    id: 'id',
    text: ['email_lower', "first_name || ' ' || last_name"],
  },
] as const;

async function sqliteSearch(db: Kysely<unknown>): Promise<void> {
  for (const { table, search, id, text } of SEARCHED) {
    const values = (row: string) => [`${row}.${id}`, ...text.map((t) => prefixed(t, row))].join(', ');
    await sql
      .raw(`CREATE VIRTUAL TABLE ${search} USING fts5(${id}, email, name, tokenize = 'trigram')`)
      .execute(db);
    await sql
      .raw(`INSERT INTO ${search} (rowid, ${id}, email, name) SELECT rowid, ${values(table)} FROM ${table}`)
      .execute(db);
    const insert = `INSERT INTO ${search} (rowid, ${id}, email, name) VALUES (new.rowid, ${values('new')});`;
    const remove = `DELETE FROM ${search} WHERE rowid = old.rowid;`;
    await sql.raw(`CREATE TRIGGER ${search}_insert AFTER INSERT ON ${table} BEGIN ${insert} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${search}_delete AFTER DELETE ON ${table} BEGIN ${remove} END`).execute(db);
    // Only when a searched value changes: the aggregation's merge rewrites every row it sees.
    const changed = [id, ...text].map((t) => `(${prefixed(t, 'old')}) IS NOT (${prefixed(t, 'new')})`);
    await sql
      .raw(
        `CREATE TRIGGER ${search}_update AFTER UPDATE ON ${table} WHEN ${changed.join(' OR ')} BEGIN ${remove} ${insert} END`,
      )
      .execute(db);
  }
}

/** `first_name || ' ' || last_name` over `new.` (or a table): every bare column name gets the prefix. */
function prefixed(expression: string, row: string): string {
  return expression.replace(/\b([a-z_]+)\b/g, `${row}.$1`);
}

async function postgresSearch(db: Kysely<unknown>): Promise<void> {
  const where = await trigramSchema(db);
  if (where === undefined) return;
  const ops = `"${where}".gin_trgm_ops`;
  const indexes: Array<[string, string, string]> = [
    ['accounts_search_email', 'accounts', 'email_lower'],
    ['accounts_search_name', 'accounts', 'lower(display_name)'],
    ['accounts_search_key', 'accounts', 'lower(key)'],
    ['identities_search_email', 'identities', 'email_lower'],
    ['identities_search_id', 'identities', 'lower(id)'],
    ['identities_search_name', 'identities', "lower(first_name || ' ' || last_name)"],
  ];
  for (const [name, table, expression] of indexes) {
    await sql.raw(`CREATE INDEX ${name} ON ${table} USING gin ((${expression}) ${ops})`).execute(db);
  }
}

/**
 * The schema `pg_trgm` is installed in, installing it into `public` when it is available and not
 * yet installed; undefined when it cannot be. Schemas migrating at once take turns (a lock across
 * the database), and a refusal is rolled back to a savepoint so the migration goes on.
 */
async function trigramSchema(db: Kysely<unknown>): Promise<string | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('spacegate:pg_trgm'))`.execute(db);
  const installed = async () =>
    (
      await sql<{ schema: string }>`SELECT n.nspname AS schema FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema;
  const found = await installed();
  if (found !== undefined) return found;
  await sql`SAVEPOINT spacegate_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(db);
    await sql`RELEASE SAVEPOINT spacegate_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT spacegate_trgm`.execute(db);
    return undefined;
  }
  return installed();
}
