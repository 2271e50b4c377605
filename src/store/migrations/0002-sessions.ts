import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in state every process shares: sessions signed out before they expired (so a copied cookie
 * is refused after a restart and by every other process), the sign-in back-off per key, and the
 * per-address attempt counts of the current window.
 */
export function sessionsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('revoked_sessions')
        .addColumn('sid', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('revoked_sessions_expiry')
        .on('revoked_sessions')
        .column('expires_at')
        .execute();
      await db.schema
        .createTable('sign_in_backoff')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('not_before', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sign_in_backoff_updated')
        .on('sign_in_backoff')
        .column('updated_at')
        .execute();
      await db.schema
        .createTable('sign_in_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_ends', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sign_in_attempts_window')
        .on('sign_in_attempts')
        .column('window_ends')
        .execute();
    },
  };
}
