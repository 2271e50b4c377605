import { type Kysely, type Migration, sql } from 'kysely';
import { initialSchema } from './0001-initial.ts';
import { sessionsSchema } from './0002-sessions.ts';
import { listIndexes } from './0003-list-indexes.ts';
import { aggregationRunsSchema } from './0004-aggregation-runs.ts';
import { requestOutcome } from './0005-request-outcome.ts';
import { requestAttempts } from './0006-request-attempts.ts';
import { textSearch } from './0007-text-search.ts';
import { accessReviewsSchema } from './0008-access-reviews.ts';
import { mailOutboxSchema } from './0009-mail-outbox.ts';
import { driftSchema } from './0010-drift.ts';
import { driftStatesSchema } from './0011-drift-states.ts';
import { campaignDeadlineNotice } from './0012-campaign-deadline-notice.ts';
import { sortIndexes } from './0013-sort-indexes.ts';
import { requestSearch } from './0015-request-search.ts';
import type { Dialect } from './dialect.ts';

/** The one versioned migration set for both dialects, applied in key order. */
export function migrations(dialect: Dialect): Array<[string, Migration]> {
  return [
    ['0001-initial', initialSchema(dialect)],
    ['0002-sessions', sessionsSchema()],
    ['0003-list-indexes', listIndexes(dialect)],
    ['0004-aggregation-runs', aggregationRunsSchema()],
    ['0005-request-outcome', requestOutcome()],
    ['0006-request-attempts', requestAttempts()],
    ['0007-text-search', textSearch(dialect)],
    ['0008-access-reviews', accessReviewsSchema()],
    ['0009-mail-outbox', mailOutboxSchema()],
    ['0010-drift', driftSchema()],
    ['0011-drift-states', driftStatesSchema()],
    ['0012-campaign-deadline-notice', campaignDeadlineNotice()],
    ['0013-sort-indexes', sortIndexes()],
    ['0015-request-search', requestSearch(dialect)],
  ];
}

interface Bookkeeping {
  schema_migrations: { name: string; applied_at: string };
}

async function applyPending(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const book = db as Kysely<Bookkeeping>;
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const done = new Set(
    (await book.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const [name, migration] of migrations(dialect)) {
    if (done.has(name)) continue;
    try {
      await migration.up(db);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${name} failed: ${reason}`, { cause: error });
    }
    await book
      .insertInto('schema_migrations')
      .values({ name, applied_at: new Date().toISOString() })
      .execute();
    applied.push(name);
  }
  return applied;
}

/**
 * Applies every pending migration in one transaction and returns their names. Processes that
 * start together wait for each other: a PostgreSQL advisory lock per schema, SQLite's write lock
 * (`BEGIN IMMEDIATE`). No catalog introspection, so schemas other test runs create and drop at the
 * same moment cannot disturb it.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  if (dialect === 'postgres') {
    return db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema()))`.execute(tx);
      return applyPending(tx, dialect);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const applied = await applyPending(conn, dialect);
      await sql`commit`.execute(conn);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
