import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Drift findings get a state: `open` until an administrator accepts one (with a note) or reverts
 * it, or a later aggregation sees the site undo it (`resolved`); who closed it, when, and why.
 * Findings a revert policy already acted on are `reverted`. The indexes serve the report filtered
 * by state (newest first) and the counts grouped by state and kind.
 */
export function driftStatesSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('drift_events')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
        .execute();
      await db.schema.alterTable('drift_events').addColumn('closed_by', 'text').execute();
      await db.schema.alterTable('drift_events').addColumn('closed_at', 'text').execute();
      await db.schema.alterTable('drift_events').addColumn('note', 'text').execute();
      await sql`UPDATE drift_events SET state = 'reverted', closed_by = 'system', closed_at = detected_at
        WHERE resolution = 'revert_queued'`.execute(db);
      await db.schema
        .createIndex('drift_events_state_newest')
        .on('drift_events')
        .columns(['state', 'detected_at', 'id'])
        .execute();
      await db.schema
        .createIndex('drift_events_state_kind')
        .on('drift_events')
        .columns(['state', 'kind'])
        .execute();
    },
  };
}
