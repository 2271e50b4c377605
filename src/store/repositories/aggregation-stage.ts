import { type Kysely, sql } from 'kysely';
import type { AggregationStageRepository, CommitCounts } from '../../core/ports/aggregation-store.ts';
import type { Database } from '../schema.ts';
import { detectChanges, detectHolders, NEW_ORIGIN, resolveUndone } from './drift-detect.ts';
import { chunks } from './json.ts';

const STAGE_TABLES = [
  'aggregation_staged_accounts',
  'aggregation_staged_assignments',
  'aggregation_staged_entitlements',
  'aggregation_staged_removals',
] as const;

/** Full runs first drop the live rows the run did not see (Atlassian no longer has them). */
async function pruneUnseen(db: Kysely<Database>, runId: string): Promise<void> {
  await sql`DELETE FROM assignments WHERE NOT EXISTS (SELECT 1 FROM aggregation_staged_accounts s
    WHERE s.run_id = ${runId} AND s.key = assignments.account_key)`.execute(db);
  await sql`DELETE FROM accounts WHERE NOT EXISTS (SELECT 1 FROM aggregation_staged_accounts s
    WHERE s.run_id = ${runId} AND s.key = accounts.key)`.execute(db);
  await sql`DELETE FROM entitlements WHERE NOT EXISTS (SELECT 1 FROM aggregation_staged_entitlements s
    WHERE s.run_id = ${runId} AND s.type = entitlements.type AND s.key = entitlements.key)`.execute(db);
}

/** Both modes: removals, then the staged accounts (correlated by email) and entitlements upserted. */
async function applyStaged(db: Kysely<Database>, runId: string): Promise<void> {
  // Rows the run saw again stay (with their origin); the rest of a rewritten account's rows go.
  await sql`DELETE FROM assignments WHERE (account_key IN (SELECT key FROM aggregation_staged_accounts WHERE run_id = ${runId})
      AND NOT EXISTS (SELECT 1 FROM aggregation_staged_assignments s WHERE s.run_id = ${runId}
        AND s.account_key = assignments.account_key AND s.kind = assignments.kind AND s.value = assignments.value))
    OR account_key IN (SELECT key FROM aggregation_staged_removals WHERE run_id = ${runId} AND kind = 'account')`.execute(
    db,
  );
  await sql`DELETE FROM accounts WHERE key IN (SELECT key FROM aggregation_staged_removals
    WHERE run_id = ${runId} AND kind = 'account')`.execute(db);
  await sql`DELETE FROM entitlements WHERE EXISTS (SELECT 1 FROM aggregation_staged_removals r
    WHERE r.run_id = ${runId} AND r.kind = entitlements.type AND r.key = entitlements.key)`.execute(db);
  await sql`INSERT INTO accounts (key, email_lower, identity_id, display_name, disabled, attributes, aggregated_at)
    SELECT s.key, s.email_lower, (SELECT i.id FROM identities i WHERE i.email_lower = s.email_lower),
      s.display_name, s.disabled, s.attributes, s.aggregated_at
    FROM aggregation_staged_accounts s WHERE s.run_id = ${runId}
    ON CONFLICT (key) DO UPDATE SET email_lower = excluded.email_lower, identity_id = excluded.identity_id,
      display_name = excluded.display_name, disabled = excluded.disabled, attributes = excluded.attributes,
      aggregated_at = excluded.aggregated_at`.execute(db);
  await sql`INSERT INTO assignments (account_key, kind, value, origin)
    SELECT account_key, kind, value, ${NEW_ORIGIN} FROM aggregation_staged_assignments WHERE run_id = ${runId}
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO entitlements (type, key, name, attributes)
    SELECT type, key, name, attributes FROM aggregation_staged_entitlements WHERE run_id = ${runId}
    ON CONFLICT (type, key) DO UPDATE SET name = excluded.name, attributes = excluded.attributes`.execute(db);
  // Accounts the run did not rewrite still follow identities imported or changed since.
  await sql`UPDATE accounts SET identity_id = (SELECT i.id FROM identities i WHERE i.email_lower = accounts.email_lower)
    WHERE identity_id IS DISTINCT FROM (SELECT i.id FROM identities i WHERE i.email_lower = accounts.email_lower)`.execute(
    db,
  );
}

async function count(
  db: Kysely<Database>,
  query: ReturnType<typeof sql<{ n: string | number }>>,
): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

async function liveCounts(db: Kysely<Database>, runId: string): Promise<CommitCounts> {
  const accounts = await count(db, sql`SELECT COUNT(*) AS n FROM accounts`);
  const correlated = await count(db, sql`SELECT COUNT(*) AS n FROM accounts WHERE identity_id IS NOT NULL`);
  const written =
    (await count(db, sql`SELECT COUNT(*) AS n FROM aggregation_staged_accounts WHERE run_id = ${runId}`)) +
    (await count(
      db,
      sql`SELECT COUNT(*) AS n FROM aggregation_staged_entitlements WHERE run_id = ${runId}`,
    )) +
    (await count(db, sql`SELECT COUNT(*) AS n FROM aggregation_staged_removals WHERE run_id = ${runId}`));
  return {
    accounts,
    correlated,
    orphans: accounts - correlated,
    groups: await count(db, sql`SELECT COUNT(*) AS n FROM entitlements WHERE type = 'group'`),
    spaces: await count(db, sql`SELECT COUNT(*) AS n FROM entitlements WHERE type = 'space'`),
    assignments: await count(db, sql`SELECT COUNT(*) AS n FROM assignments`),
    written,
  };
}

/** The staging tables on a Kysely connection or transaction; commit is set-based SQL, nothing loaded. */
export function aggregationStageRepository(db: Kysely<Database>): AggregationStageRepository {
  return {
    async clear() {
      for (const table of STAGE_TABLES) await db.deleteFrom(table).execute();
    },
    async discard(runId) {
      for (const table of STAGE_TABLES) await db.deleteFrom(table).where('run_id', '=', runId).execute();
    },
    async addAccounts(runId, staged) {
      for (const batch of chunks(staged)) {
        await db
          .insertInto('aggregation_staged_accounts')
          .values(
            batch.map(({ account }) => ({
              run_id: runId,
              key: account.key,
              email_lower: account.email.toLowerCase(),
              display_name: account.displayName,
              disabled: account.disabled ? 1 : 0,
              attributes: JSON.stringify(account.attributes),
              aggregated_at: account.aggregatedAt,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const assignments = staged.flatMap((s) => s.assignments);
      for (const batch of chunks(assignments)) {
        await db
          .insertInto('aggregation_staged_assignments')
          .values(
            batch.map((a) => ({ run_id: runId, account_key: a.accountKey, kind: a.kind, value: a.value })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async addEntitlements(runId, entitlements) {
      for (const batch of chunks(entitlements)) {
        await db
          .insertInto('aggregation_staged_entitlements')
          .values(
            batch.map((e) => ({
              run_id: runId,
              type: e.type,
              key: e.key,
              name: e.name,
              attributes: JSON.stringify(e.attributes),
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async addRemovals(runId, kind, keys) {
      for (const batch of chunks(keys)) {
        await db
          .insertInto('aggregation_staged_removals')
          .values(batch.map((key) => ({ run_id: runId, kind, key })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async commit(runId, mode, detectedAt = new Date().toISOString()) {
      await detectChanges(db, runId, mode, detectedAt);
      if (mode === 'full') await pruneUnseen(db, runId);
      await applyStaged(db, runId);
      await detectHolders(db, runId, detectedAt);
      await resolveUndone(db, runId, detectedAt);
      const counts = await liveCounts(db, runId);
      for (const table of STAGE_TABLES) await db.deleteFrom(table).where('run_id', '=', runId).execute();
      return counts;
    },
  };
}
