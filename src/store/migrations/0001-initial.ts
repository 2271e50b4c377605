import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './dialect.ts';

/** Tables for identities, accounts, entitlements, catalog, requests, approvals, audit, policies and jobs. */
export function initialSchema(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('identities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_lower', 'text', (c) => c.notNull().unique())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('department', 'text')
        .addColumn('job_title', 'text')
        .addColumn('manager_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('extra', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('accounts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('email_lower', 'text', (c) => c.notNull())
        .addColumn('identity_id', 'text')
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('aggregated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_identity').on('accounts').column('identity_id').execute();
      await db.schema
        .createTable('entitlements')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entitlements_pk', ['type', 'key'])
        .execute();
      await db.schema
        .createTable('assignments')
        .addColumn('account_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assignments_pk', ['account_key', 'kind', 'value'])
        .execute();
      await db.schema
        .createTable('catalog_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entitlement_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('requestable', 'integer', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('risk', 'text', (c) => c.notNull())
        .addColumn('option_risks', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await createRequestTables(db);
      await createAuditTable(db, dialect);
      await db.schema
        .createTable('policies')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_after', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_ready').on('jobs').columns(['status', 'run_after']).execute();
    },
  };
}

async function createRequestTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('beneficiary_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('current_stage', 'integer', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('requests_status').on('access_requests').column('status').execute();
  await db.schema
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('approver_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('reason', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('escalated', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('approvals_request').on('approvals').column('request_id').execute();
}

/** The audit table refuses UPDATE and DELETE at the database, so the log stays append-only. */
async function createAuditTable(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_subject').on('audit_events').column('subject').execute();
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_no_${op.toLowerCase()} BEFORE ${op} ON audit_events ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
        `BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_events ' +
        'FOR EACH ROW EXECUTE FUNCTION audit_append_only()',
    )
    .execute(db);
}
