import type { Kysely, Selectable } from 'kysely';
import type {
  AggregationRunRecord,
  AggregationRunRepository,
  AggregationState,
} from '../../core/ports/aggregation-store.ts';
import type { Database } from '../schema.ts';
import { parseJson } from './json.ts';

type Row = Selectable<Database['aggregation_runs']>;

function toRun(row: Omit<Row, 'delta_state'>): AggregationRunRecord {
  return {
    id: row.id,
    actor: row.actor,
    trigger: row.trigger as AggregationRunRecord['trigger'],
    mode: row.mode as AggregationRunRecord['mode'],
    status: row.status as AggregationRunRecord['status'],
    owner: row.owner,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    leaseUntil: row.lease_until,
    finishedAt: row.finished_at,
    progress: parseJson(row.progress),
    summary: row.summary === null ? null : parseJson(row.summary),
    error: row.error,
  };
}

/** Every column but the (large) delta state. */
const COLUMNS = [
  'id',
  'actor',
  'trigger',
  'mode',
  'status',
  'owner',
  'started_at',
  'heartbeat_at',
  'lease_until',
  'finished_at',
  'progress',
  'summary',
  'error',
] as const;

/** A keyset cursor: the start time and id of the last run on the page. */
function encodeCursor(run: AggregationRunRecord): string {
  return Buffer.from(JSON.stringify([run.startedAt, run.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // an unreadable cursor reads as no cursor at all: the first page
  }
  return undefined;
}

/** Aggregation runs on a Kysely connection or transaction; the unique partial index is the lock. */
export function aggregationRunRepository(db: Kysely<Database>): AggregationRunRepository {
  const running = () =>
    db.selectFrom('aggregation_runs').select(COLUMNS).where('status', '=', 'running').executeTakeFirst();
  return {
    async claim(run, { now, notStartedSince }) {
      await db
        .updateTable('aggregation_runs')
        .set({
          status: 'failed',
          finished_at: now,
          error: 'abandoned: its process stopped renewing the lease',
        })
        .where('status', '=', 'running')
        .where('lease_until', '<', now)
        .execute();
      const values = {
        id: run.id,
        actor: run.actor,
        trigger: run.trigger,
        mode: run.mode,
        status: 'running',
        owner: run.owner,
        started_at: run.startedAt,
        heartbeat_at: run.heartbeatAt,
        lease_until: run.leaseUntil,
        finished_at: null,
        progress: JSON.stringify(run.progress),
        summary: null,
        error: null,
        delta_state: null,
      };
      if (notStartedSince !== undefined) {
        const recent = await db
          .selectFrom('aggregation_runs')
          .select('id')
          .where('started_at', '>=', notStartedSince)
          .executeTakeFirst();
        if (recent !== undefined) {
          const current = await running();
          return { claimed: false, running: current && toRun(current), reason: 'not_due' };
        }
      }
      const inserted = await db
        .insertInto('aggregation_runs')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { claimed: true };
      const current = await running();
      return { claimed: false, running: current && toRun(current), reason: 'running' };
    },
    async get(id) {
      const row = await db
        .selectFrom('aggregation_runs')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRun(row);
    },
    async list({ limit, cursor }) {
      let query = db
        .selectFrom('aggregation_runs')
        .select(COLUMNS)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1);
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after !== undefined) {
        const [startedAt, id] = after;
        query = query.where((eb) =>
          eb.or([
            eb('started_at', '<', startedAt),
            eb.and([eb('started_at', '=', startedAt), eb('id', '<', id)]),
          ]),
        );
      }
      const items = (await query.execute()).map(toRun);
      const more = items.length > limit;
      if (more) items.pop();
      const last = items.at(-1);
      return { items, next: more && last !== undefined ? encodeCursor(last) : null };
    },
    async heartbeat(id, owner, { progress, now, leaseUntil }) {
      const result = await db
        .updateTable('aggregation_runs')
        .set({ progress: JSON.stringify(progress), heartbeat_at: now, lease_until: leaseUntil })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async finish(id, owner, patch) {
      const result = await db
        .updateTable('aggregation_runs')
        .set({
          status: patch.status,
          finished_at: patch.now,
          progress: JSON.stringify(patch.progress),
          summary: patch.summary === null ? null : JSON.stringify(patch.summary),
          error: patch.error,
          delta_state: patch.state === undefined ? null : JSON.stringify(patch.state),
        })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      const done = Number(result.numUpdatedRows) === 1;
      if (done && patch.state !== undefined) {
        // Only the newest state is ever read: older runs' states would only take space.
        await db
          .updateTable('aggregation_runs')
          .set({ delta_state: null })
          .where('id', '<>', id)
          .where('delta_state', 'is not', null)
          .execute();
      }
      return done;
    },
    async latestState() {
      const row = await db
        .selectFrom('aggregation_runs')
        .select('delta_state')
        .where('status', '=', 'completed')
        .where('delta_state', 'is not', null)
        .orderBy('finished_at', 'desc')
        .executeTakeFirst();
      return row?.delta_state == null ? undefined : parseJson<AggregationState>(row.delta_state);
    },
  };
}
