import type { Kysely, Migration } from 'kysely';

/** What fulfillment found in place when it ended short of its goal (JSON `FulfillmentOutcome`), per request. */
export function requestOutcome(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('access_requests').addColumn('outcome', 'text').execute();
    },
  };
}
