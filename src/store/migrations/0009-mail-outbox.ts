import type { Kysely, Migration } from 'kysely';

/**
 * Every notification mail, by its idempotency key: sent over SMTP (so a job run again after a crash
 * does not send it twice) or kept for the outbox page (demo mode, no SMTP configured).
 */
export function mailOutboxSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('mail_outbox')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mail_outbox_newest')
        .on('mail_outbox')
        .columns(['created_at', 'key'])
        .execute();
    },
  };
}
