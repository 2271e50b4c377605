import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.ts';

/** Index name -> table and columns: one per list order and filter the views page by (keyset order last). */
const INDEXES: ReadonlyArray<[string, string, string[]]> = [
  ['accounts_name', 'accounts', ['display_name', 'key']],
  ['accounts_email', 'accounts', ['email_lower', 'key']],
  ['accounts_aggregated', 'accounts', ['aggregated_at', 'key']],
  ['accounts_orphans', 'accounts', ['identity_id', 'display_name', 'key']],
  ['identities_name', 'identities', ['last_name', 'first_name', 'id']],
  ['identities_manager', 'identities', ['manager_id', 'status']],
  ['assignments_holders', 'assignments', ['kind', 'value', 'account_key']],
  ['catalog_order', 'catalog_items', ['type', 'name', 'id']],
  ['requests_created', 'access_requests', ['created_at', 'id']],
  ['requests_beneficiary', 'access_requests', ['beneficiary_id', 'created_at']],
  ['requests_requester', 'access_requests', ['requester_id', 'created_at']],
  ['requests_item', 'access_requests', ['item_id', 'created_at']],
  ['requests_status_created', 'access_requests', ['status', 'created_at']],
  ['approvals_inbox', 'approvals', ['approver_id', 'decision', 'request_id']],
  ['audit_type_seq', 'audit_events', ['type', 'seq']],
  ['audit_actor_seq', 'audit_events', ['actor', 'seq']],
  ['audit_subject_seq', 'audit_events', ['subject', 'seq']],
  ['audit_at', 'audit_events', ['at']],
];

/**
 * Indexes for every paged list, and the account's guest flag as a column (filled from the
 * aggregated attributes) so the guest filter is SQL. `audit_subject` gives way to `(subject, seq)`.
 */
export function listIndexes(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('accounts')
        .addColumn('guest', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      const fromJson =
        dialect === 'postgres'
          ? sql`CASE WHEN (attributes::json->>'guest') = 'true' THEN 1 ELSE 0 END`
          : sql`CASE WHEN json_extract(attributes, '$.guest') = 1 THEN 1 ELSE 0 END`;
      await sql`UPDATE accounts SET guest = ${fromJson}`.execute(db);
      await db.schema.dropIndex('audit_subject').execute();
      for (const [name, table, columns] of INDEXES) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
    },
  };
}
