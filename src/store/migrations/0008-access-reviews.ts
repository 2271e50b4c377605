import type { Kysely, Migration } from 'kysely';

/**
 * Access review campaigns and the items frozen at launch. Items are listed per campaign by
 * reviewer and decision in person, item, id order, so the indexes lead with those columns.
 */
export function accessReviewsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('review_campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('launched_at', 'text')
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema
        .createIndex('review_campaigns_created')
        .on('review_campaigns')
        .columns(['created_at', 'id'])
        .execute();
      await db.schema
        .createTable('review_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('identity_id', 'text', (c) => c.notNull())
        .addColumn('person_name', 'text', (c) => c.notNull())
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('via', 'text')
        .addColumn('granted_at', 'text')
        .addColumn('grant_request_id', 'text')
        .addColumn('risk', 'text', (c) => c.notNull())
        .addColumn('last_activity', 'text')
        .addColumn('reviewer_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('revocation_request_id', 'text')
        .addColumn('reminded_at', 'text')
        .addColumn('escalated', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('review_items_campaign')
        .on('review_items')
        .columns(['campaign_id', 'person_name', 'item_name', 'id'])
        .execute();
      await db.schema
        .createIndex('review_items_reviewer')
        .on('review_items')
        .columns(['campaign_id', 'reviewer_id', 'person_name', 'item_name', 'id'])
        .execute();
    },
  };
}
