import type { Kysely, Selectable } from 'kysely';
import {
  DRIFT_KINDS,
  type DriftEvent,
  type DriftKind,
  type DriftRepository,
} from '../../core/ports/drift-store.ts';
import type { Database } from '../schema.ts';
import { countRows, type KeysetOrder, keysetPage } from './keyset.ts';

const NEWEST: KeysetOrder = { name: 'drift-newest', columns: ['detected_at', 'id'], direction: 'desc' };

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
  };
}

/** Drift findings on a Kysely connection or transaction; the aggregation commit writes them. */
export function driftRepository(db: Kysely<Database>): DriftRepository {
  return {
    async page(query) {
      let matching = db.selectFrom('drift_events');
      if (query.kind !== undefined) matching = matching.where('kind', '=', query.kind);
      if (query.runId !== undefined) matching = matching.where('run_id', '=', query.runId);
      const page = await keysetPage(
        matching.selectAll(),
        NEWEST,
        query,
        (r) => [r.detected_at, r.id],
        toEvent,
      );
      return { ...page, ...(await countRows(matching.selectAll(), query)) };
    },
    async counts() {
      const rows = await db
        .selectFrom('drift_events')
        .select(['kind', (eb) => eb.fn.countAll<string | number>().as('n')])
        .groupBy('kind')
        .execute();
      const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
      for (const row of rows) if (row.kind in counts) counts[row.kind as DriftKind] = Number(row.n);
      return counts;
    },
    async revertable(runId) {
      const rows = await db
        .selectFrom('drift_events')
        .selectAll()
        .where('run_id', '=', runId)
        .where('kind', '=', 'out_of_band')
        .where('identity_id', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map(toEvent);
    },
    async resolve(id, resolution, requestId) {
      await db
        .updateTable('drift_events')
        .set({ resolution, request_id: requestId })
        .where('id', '=', id)
        .execute();
    },
  };
}
