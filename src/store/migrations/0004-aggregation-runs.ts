import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Aggregation runs as rows (one running at a time, enforced by a unique partial index), and the
 * run-scoped staging tables a run writes into as frames arrive, applied to the live tables at commit.
 */
export function aggregationRunsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('aggregation_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('progress', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('error', 'text')
        .addColumn('delta_state', 'text')
        .execute();
      // The lock: at most one row may be running, on either engine, whichever process inserts it.
      await sql`CREATE UNIQUE INDEX aggregation_runs_one_running ON aggregation_runs (status) WHERE status = 'running'`.execute(
        db,
      );
      await db.schema
        .createIndex('aggregation_runs_started')
        .on('aggregation_runs')
        .columns(['started_at', 'id'])
        .execute();
      await db.schema
        .createTable('aggregation_staged_accounts')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('email_lower', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('aggregated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregation_staged_accounts_pk', ['run_id', 'key'])
        .execute();
      await db.schema
        .createTable('aggregation_staged_assignments')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregation_staged_assignments_pk', [
          'run_id',
          'account_key',
          'kind',
          'value',
        ])
        .execute();
      await db.schema
        .createTable('aggregation_staged_entitlements')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregation_staged_entitlements_pk', ['run_id', 'type', 'key'])
        .execute();
      await db.schema
        .createTable('aggregation_staged_removals')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregation_staged_removals_pk', ['run_id', 'kind', 'key'])
        .execute();
    },
  };
}
