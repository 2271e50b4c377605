import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Kysely, type Migration, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Dialect } from '../../src/store/migrations/dialect.ts';
import { migrateToLatest, migrations } from '../../src/store/migrations/index.ts';
import { freshLocation, STORE_KINDS } from './fresh-store.ts';

/** The migrations before 0011, as a store created before it had applied them. */
function before0011(dialect: Dialect): Array<[string, Migration]> {
  return migrations(dialect).filter(([name]) => name < '0011');
}

for (const kind of STORE_KINDS) {
  describe(`migration 0011 on a store with drift already found: ${kind}`, () => {
    const location = freshLocation(kind);
    const db =
      kind === 'sqlite'
        ? new Kysely<unknown>({
            dialect: new SqliteDialect({
              database: new Database(fileURLToPath(location.url.replace(/^file:/, 'file://'))),
            }),
          })
        : new Kysely<unknown>({
            dialect: new PostgresDialect({
              pool: new pg.Pool({
                connectionString: location.url,
                options: `-c search_path=${location.schema}`,
              }),
            }),
          });
    after(async () => {
      await db.destroy();
      await location.cleanup();
    });

    test('findings a revert policy acted on become reverted, the rest open', async () => {
      if (location.schema !== undefined) await sql.raw(`CREATE SCHEMA ${location.schema}`).execute(db);
      await sql`CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)`.execute(db);
      for (const [name, migration] of before0011(kind)) {
        await migration.up(db);
        await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${name}, '2026-01-01')`.execute(
          db,
        );
      }
      for (const [id, resolution, request] of [
        ['d1', 'reported', null],
        ['d2', 'revert_queued', 'req-1'],
      ] as const) {
        await sql`INSERT INTO drift_events (id, kind, account_key, identity_id, entitlement_kind, value, detected_at, run_id, resolution, request_id)
          VALUES (${id}, 'out_of_band', 'a1', 'E1', 'group', ${id}, '2026-01-02T00:00:00.000Z', 'r1', ${resolution}, ${request})`.execute(
          db,
        );
      }
      assert.equal(
        (await migrateToLatest(db, kind))[0],
        '0011-drift-states',
        'the first migration the store lacked',
      );
      const rows = await sql<{
        id: string;
        state: string;
        closed_by: string | null;
        closed_at: string | null;
      }>`
        SELECT id, state, closed_by, closed_at FROM drift_events ORDER BY id`.execute(db);
      assert.deepEqual(
        rows.rows.map((r) => [r.id, r.state, r.closed_by, r.closed_at]),
        [
          ['d1', 'open', null, null],
          ['d2', 'reverted', 'system', '2026-01-02T00:00:00.000Z'],
        ],
      );
      assert.deepEqual(await migrateToLatest(db, kind), [], 'applied once');
    });
  });
}
