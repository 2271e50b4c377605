import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import {
  DRIFT_KINDS,
  DRIFT_STATES,
  type DriftCounts,
  type DriftEvent,
  type DriftKind,
  type DriftRepository,
  type DriftState,
} from '../../core/ports/drift-store.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { countRows, type KeysetOrder, keysetPage } from './keyset.ts';

const NEWEST: KeysetOrder = { name: 'drift-newest', columns: ['detected_at', 'id'], direction: 'desc' };

function stateOf(value: string): DriftState {
  return (DRIFT_STATES as ReadonlyArray<string>).includes(value) ? (value as DriftState) : 'open';
}

function toEvent(row: Selectable<Database['drift_events']>): DriftEvent {
  return {
    id: row.id,
    kind: row.kind as DriftKind,
    accountKey: row.account_key,
    identityId: row.identity_id,
    entitlementKind: row.entitlement_kind === 'group' ? 'group' : 'space',
    value: row.value,
    detectedAt: row.detected_at,
    runId: row.run_id,
    resolution: row.resolution === 'revert_queued' ? 'revert_queued' : 'reported',
    requestId: row.request_id,
    state: stateOf(row.state),
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    note: row.note,
  };
}

function emptyCounts(): DriftCounts {
  const kinds = () => Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
  return Object.fromEntries(DRIFT_STATES.map((s) => [s, kinds()])) as DriftCounts;
}

/**
 * Drift findings on a Kysely connection or transaction; the aggregation commit writes them. A
 * policy revert locks the open findings it reads (PostgreSQL; SQLite has one writer), so an
 * administrator's accept at the same moment waits and then finds them closed, never both.
 */
export function driftRepository(db: Kysely<Database>, dialect: Dialect): DriftRepository {
  return {
    async page(query) {
      let matching = db.selectFrom('drift_events');
      if (query.kind !== undefined) matching = matching.where('kind', '=', query.kind);
      if (query.runId !== undefined) matching = matching.where('run_id', '=', query.runId);
      if (query.state !== undefined) matching = matching.where('state', '=', query.state);
      const page = await keysetPage(
        matching.selectAll(),
        NEWEST,
        query,
        (r) => [r.detected_at, r.id],
        toEvent,
      );
      return { ...page, ...(await countRows(matching.selectAll(), query)) };
    },
    async get(id) {
      const row = await db.selectFrom('drift_events').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toEvent(row);
    },
    async counts() {
      const rows = await db
        .selectFrom('drift_events')
        .select(['state', 'kind', (eb) => eb.fn.countAll<string | number>().as('n')])
        .groupBy(['state', 'kind'])
        .execute();
      const counts = emptyCounts();
      for (const row of rows) {
        const byKind = counts[stateOf(row.state)];
        if (row.kind in byKind) byKind[row.kind as DriftKind] += Number(row.n);
      }
      return counts;
    },
    async revertable(runId) {
      const query = db
        .selectFrom('drift_events')
        .selectAll()
        .where('run_id', '=', runId)
        .where('kind', '=', 'out_of_band')
        .where('state', '=', 'open')
        .where('identity_id', 'is not', null)
        .orderBy('id');
      const rows = await (dialect === 'postgres' ? query.forUpdate() : query).execute();
      return rows.map(toEvent);
    },
    async close(id, closing) {
      const result = await db
        .updateTable('drift_events')
        .set({
          state: closing.state,
          closed_by: closing.by,
          closed_at: closing.at,
          note: closing.note,
          ...(closing.requestId === undefined
            ? {}
            : { resolution: 'revert_queued', request_id: closing.requestId }),
        })
        .where('id', '=', id)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async resolveMatchedOrphans(closing) {
      const person = (eb: ExpressionBuilder<Database, 'drift_events'>) =>
        eb
          .selectFrom('accounts')
          .select('accounts.identity_id')
          .whereRef('accounts.key', '=', 'drift_events.account_key');
      const rows = await db
        .updateTable('drift_events')
        .set((eb) => ({
          state: 'resolved',
          closed_by: 'system',
          closed_at: closing.at,
          note: closing.note,
          identity_id: person(eb),
        }))
        .where('state', '=', 'open')
        .where('kind', '=', 'orphan')
        .where((eb) => eb.exists(person(eb).where('accounts.identity_id', 'is not', null)))
        .returningAll()
        .execute();
      return rows.map(toEvent).sort((a, b) => a.id.localeCompare(b.id));
    },
    async sanction(event) {
      await db
        .updateTable('assignments')
        .set({ origin: 'accepted' })
        .where('account_key', '=', event.accountKey)
        .where('kind', '=', event.entitlementKind)
        .where('value', '=', event.value)
        .execute();
    },
  };
}
