import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** True once a run completed: the first aggregation is the baseline, later ones compare with it. */
const BASELINE = sql`EXISTS (SELECT 1 FROM aggregation_runs r WHERE r.status = 'completed')`;

/**
 * Records drift for a run before its staged rows are applied, set-based: staged assignments the
 * live table lacks were given in Confluence directly; live ones of accounts the run read (every
 * account in a full run) that it did not stage were taken away there.
 */
export async function detectChanges(
  db: Kysely<Database>,
  runId: string,
  mode: 'full' | 'delta',
  at: string,
): Promise<void> {
  await sql`INSERT INTO drift_events (id, kind, account_key, identity_id, entitlement_kind, value, detected_at, run_id, resolution)
    SELECT ${runId} || '|out_of_band|' || s.account_key || '|' || s.kind || '|' || s.value, 'out_of_band', s.account_key,
      (SELECT i.id FROM identities i WHERE i.email_lower = sa.email_lower), s.kind, s.value, ${at}, ${runId}, 'reported'
    FROM aggregation_staged_assignments s
    JOIN aggregation_staged_accounts sa ON sa.run_id = s.run_id AND sa.key = s.account_key
    WHERE s.run_id = ${runId} AND ${BASELINE}
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.account_key = s.account_key AND a.kind = s.kind AND a.value = s.value)`.execute(
    db,
  );
  const read =
    mode === 'full'
      ? sql`1 = 1`
      : sql`(a.account_key IN (SELECT key FROM aggregation_staged_accounts WHERE run_id = ${runId})
        OR a.account_key IN (SELECT key FROM aggregation_staged_removals WHERE run_id = ${runId} AND kind = 'account'))`;
  await sql`INSERT INTO drift_events (id, kind, account_key, identity_id, entitlement_kind, value, detected_at, run_id, resolution)
    SELECT ${runId} || '|removed|' || a.account_key || '|' || a.kind || '|' || a.value, 'removed', a.account_key,
      (SELECT c.identity_id FROM accounts c WHERE c.key = a.account_key), a.kind, a.value, ${at}, ${runId}, 'reported'
    FROM assignments a
    WHERE ${BASELINE} AND ${read}
      AND NOT EXISTS (SELECT 1 FROM aggregation_staged_assignments s WHERE s.run_id = ${runId}
        AND s.account_key = a.account_key AND s.kind = a.kind AND s.value = a.value)`.execute(db);
}

/**
 * After the staged rows are applied: access held by leavers and by orphans (once HR data exists),
 * each finding recorded once however many runs still see it (again once the site undid the last).
 */
export async function detectHolders(db: Kysely<Database>, runId: string, at: string): Promise<void> {
  const held = (kind: 'leaver' | 'orphan', who: ReturnType<typeof sql>) =>
    sql`INSERT INTO drift_events (id, kind, account_key, identity_id, entitlement_kind, value, detected_at, run_id, resolution)
    SELECT ${runId} || '|' || ${kind} || '|' || a.account_key || '|' || a.kind || '|' || a.value, ${kind}, a.account_key,
      c.identity_id, a.kind, a.value, ${at}, ${runId}, 'reported'
    FROM assignments a JOIN accounts c ON c.key = a.account_key
    WHERE ${BASELINE} AND ${who}
      AND NOT EXISTS (SELECT 1 FROM drift_events d WHERE d.kind = ${kind} AND d.account_key = a.account_key
        AND d.entitlement_kind = a.kind AND d.value = a.value AND d.state <> 'resolved')`.execute(db);
  await held('leaver', sql`c.identity_id IN (SELECT i.id FROM identities i WHERE i.status = 'leaver')`);
  await held('orphan', sql`c.identity_id IS NULL AND EXISTS (SELECT 1 FROM identities)`);
}

/**
 * After the staged rows are applied: open findings the site has undone since are `resolved`
 * (access reported as given or held is no longer held; access reported as removed is held again).
 */
export async function resolveUndone(db: Kysely<Database>, runId: string, at: string): Promise<void> {
  const live = sql`EXISTS (SELECT 1 FROM assignments a WHERE a.account_key = drift_events.account_key
    AND a.kind = drift_events.entitlement_kind AND a.value = drift_events.value)`;
  await sql`UPDATE drift_events SET state = 'resolved', closed_by = 'system', closed_at = ${at},
      note = CASE WHEN kind = 'removed' THEN 'held again' ELSE 'no longer held' END || ' (run ' || ${runId} || ')'
    WHERE state = 'open' AND run_id <> ${runId}
      AND ((kind = 'removed' AND ${live}) OR (kind <> 'removed' AND NOT ${live}))`.execute(db);
}

/** Where a newly stored assignment came from: `found` by the first aggregation, `drift` after it. */
export const NEW_ORIGIN = sql`CASE WHEN ${BASELINE} THEN 'drift' ELSE 'found' END`;
