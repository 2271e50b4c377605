import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Drift: where each held assignment came from (`found` at the first aggregation, `granted` by a
 * fulfilled request, `drift` when it appeared later in Confluence directly), each catalog item's
 * drift policy (null: the configured default), and the drift an aggregation found, newest first.
 */
export function driftSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assignments').addColumn('origin', 'text').execute();
      await sql`UPDATE assignments SET origin = 'found'`.execute(db);
      await db.schema.alterTable('catalog_items').addColumn('drift_policy', 'text').execute();
      await db.schema
        .createTable('drift_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('identity_id', 'text')
        .addColumn('entitlement_kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('resolution', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema
        .createIndex('drift_events_newest')
        .on('drift_events')
        .columns(['detected_at', 'id'])
        .execute();
      await db.schema
        .createIndex('drift_events_held')
        .on('drift_events')
        .columns(['account_key', 'entitlement_kind', 'value', 'kind'])
        .execute();
    },
  };
}
