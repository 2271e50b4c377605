import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Store } from '../../core/index.ts';
import { migrateToLatest } from '../migrations/index.ts';
import { bindRepositories } from '../repositories/index.ts';
import type { Database } from '../schema.ts';
import { sqliteJobRepository } from './sqlite-jobs.ts';

/** A SQLite store and the Kysely instance its queue shares. */
export interface SqliteHandle {
  store: Store;
  db: Kysely<Database>;
}

/**
 * Creates the directory (0700) and the database file (0600) when missing: the store holds HR data.
 * SQLite gives the -wal and -shm files the database file's mode.
 */
function createPrivately(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
}

/**
 * Opens (creating if needed) the SQLite file, applies migrations and returns the store. WAL mode
 * and a busy timeout let a server and a worker process share the file; every transaction is
 * `BEGIN IMMEDIATE` so two writers wait for each other instead of failing on upgrade.
 */
export async function openSqlite(path: string): Promise<SqliteHandle> {
  if (path !== ':memory:') createPrivately(path);
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db as Kysely<unknown>, 'sqlite');
  const store: Store = {
    kind: 'sqlite',
    transaction: (fn) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(bindRepositories(conn, sqliteJobRepository(conn), 'sqlite'));
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
  return { store, db };
}
