import type { Kysely, Migration } from 'kysely';

/** How many fulfillment attempts a request spent when fulfillment last ended, for the failures list. */
export function requestAttempts(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('access_requests').addColumn('attempts', 'integer').execute();
    },
  };
}
