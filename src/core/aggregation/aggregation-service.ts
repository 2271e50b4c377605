import type { Connector } from '../../connector/index.ts';
import { recordEvent } from '../audit/audit.ts';
import { syncCatalog } from '../catalog/catalog-service.ts';
import { actOnDrift } from '../drift/drift-revert.ts';
import { resolveMatchedOrphans } from '../drift/orphans-matched.ts';
import { DomainError } from '../errors.ts';
import type { DriftPolicy } from '../model.ts';
import type {
  AggregationRunRecord,
  AggregationState,
  AggregationSummary,
} from '../ports/aggregation-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { emptyProgress, type LeaseTiming, type RunTracker, trackRun } from './run-tracker.ts';
import { stageAll } from './stage-lists.ts';

/** What one completed aggregation left in the store, with its run. */
export interface AggregationReport extends AggregationSummary {
  runId: string;
  mode: AggregationRunRecord['mode'];
}

/** A started run and the promise of its final record (completed or failed; it never rejects). */
export interface StartedRun {
  run: AggregationRunRecord;
  done: Promise<AggregationRunRecord>;
}

/** How this process runs aggregations. */
export interface AggregationOptions extends Partial<LeaseTiming> {
  /** Names this process on the runs it owns (default a random id). */
  owner?: string;
  /** Items written to the store per transaction (default 500). */
  batchSize?: number;
}

/** Aggregation: runs shared by every process through the store, one at a time, delta when it can. */
export interface AggregationService {
  /** Starts a run in the background; `aggregation.running` (with the run's id) when one is running. */
  start(actor: string, options?: { full?: boolean }): Promise<StartedRun>;
  /** Starts a scheduled run unless one is running or one started within `intervalMs`. */
  startIfDue(intervalMs: number): Promise<StartedRun | undefined>;
  /** Starts a run and waits for it: the report, or `aggregation.failed` with stored data kept. */
  aggregate(actor: string, options?: { full?: boolean }): Promise<AggregationReport>;
  get(id: string): Promise<AggregationRunRecord | undefined>;
  list(page: {
    limit: number;
    cursor?: string;
  }): Promise<{ items: AggregationRunRecord[]; next: string | null }>;
}

interface Deps {
  store: Store;
  clock: Clock;
  ids: Ids;
  connector: Connector;
  options?: AggregationOptions;
  /** What drift on an item without its own policy leads to (default report only). */
  driftPolicy?: DriftPolicy;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the aggregation service. A run claims the store's one running slot, streams every list
 * into run-scoped staging a batch at a time, and only a complete, failure-free read is applied to
 * the live accounts, entitlements and assignments (one transaction, with the catalog sync, the
 * saved delta state and the audit event), so readers see the old data or the new, never a mix.
 */
export function createAggregationService(deps: Deps): AggregationService {
  const { store, clock, connector } = deps;
  const owner = deps.options?.owner ?? deps.ids.next('proc');
  const timing: LeaseTiming = {
    leaseMs: deps.options?.leaseMs ?? 60_000,
    ...(deps.options?.apiCalls === undefined ? {} : { apiCalls: deps.options.apiCalls }),
  };
  const batchSize = deps.options?.batchSize ?? 500;

  const commit = async (run: AggregationRunRecord, tracker: RunTracker, state: AggregationState) => {
    tracker.phase('committing');
    await store.transaction(tracker.renew);
    return store.transaction(async (tx) => {
      const counts = await tx.aggregationStage.commit(run.id, run.mode, clock.now().toISOString());
      const summary: AggregationSummary = {
        ...counts,
        catalogAdded: await syncCatalog(tx, clock, run.actor),
      };
      // An account this run correlated to a person (by its email) is no longer an orphan's.
      await resolveMatchedOrphans(tx, clock, `aggregation run ${run.id}`);
      await actOnDrift(tx, { clock, ids: deps.ids, defaultPolicy: deps.driftPolicy ?? 'report' }, run.id);
      tracker.phase('done');
      const now = clock.now().toISOString();
      const finished = {
        status: 'completed' as const,
        progress: tracker.snapshot(),
        summary,
        error: null,
        now,
        state,
      };
      if (!(await tx.aggregationRuns.finish(run.id, owner, finished))) throw tracker.signal.reason;
      await recordEvent(tx, clock, {
        actor: run.actor,
        type: 'aggregation.completed',
        subject: 'aggregation',
        data: { runId: run.id, mode: run.mode, ...summary },
      });
    });
  };

  const fail = async (run: AggregationRunRecord, tracker: RunTracker, error: unknown) => {
    const text = message(error);
    await store.transaction(async (tx) => {
      await tx.aggregationStage.discard(run.id);
      const now = clock.now().toISOString();
      const patch = {
        status: 'failed' as const,
        progress: tracker.snapshot(),
        summary: null,
        error: text,
        now,
      };
      await tx.aggregationRuns.finish(run.id, owner, patch);
      await recordEvent(tx, clock, {
        actor: run.actor,
        type: 'aggregation.failed',
        subject: 'aggregation',
        data: { runId: run.id, message: text },
      });
    });
  };

  const execute = async (run: AggregationRunRecord, previous: AggregationState | undefined) => {
    const tracker = trackRun({ store, clock, run, timing });
    try {
      const target = { runId: run.id, store, tracker, batchSize, now: run.startedAt };
      const { state, failed } = await stageAll(target, connector, previous);
      if (failed.length > 0)
        throw new Error(`${failed.length} item(s) failed: ${failed.slice(0, 5).join(', ')}`);
      await commit(run, tracker, state);
    } catch (error) {
      await fail(run, tracker, error).catch(() => undefined);
    } finally {
      tracker.stop();
    }
    return (await store.transaction((tx) => tx.aggregationRuns.get(run.id))) ?? run;
  };

  const claim = async (
    actor: string,
    trigger: AggregationRunRecord['trigger'],
    full: boolean,
    dueMs?: number,
  ) => {
    const now = clock.now();
    return store.transaction(async (tx) => {
      const previous = full ? undefined : await tx.aggregationRuns.latestState();
      const run: AggregationRunRecord = {
        id: deps.ids.next('agg'),
        actor,
        trigger,
        mode: previous === undefined ? 'full' : 'delta',
        status: 'running',
        owner,
        startedAt: now.toISOString(),
        heartbeatAt: now.toISOString(),
        leaseUntil: new Date(now.getTime() + timing.leaseMs).toISOString(),
        finishedAt: null,
        progress: emptyProgress(),
        summary: null,
        error: null,
      };
      const notStartedSince = dueMs === undefined ? undefined : new Date(now.getTime() - dueMs).toISOString();
      const result = await tx.aggregationRuns.claim(run, {
        now: now.toISOString(),
        ...(notStartedSince === undefined ? {} : { notStartedSince }),
      });
      if (result.claimed) await tx.aggregationStage.clear();
      return { run, previous, result };
    });
  };

  const launch = (run: AggregationRunRecord, previous: AggregationState | undefined): StartedRun => ({
    run,
    done: execute(run, previous),
  });

  const service: AggregationService = {
    async start(actor, options = {}) {
      const { run, previous, result } = await claim(actor, 'manual', options.full === true);
      if (!result.claimed) {
        const id = result.running?.id;
        throw new DomainError(
          'aggregation.running',
          `aggregation ${id ?? ''} is already running`.replace('  ', ' '),
          {
            runId: id ?? null,
            ...(id === undefined ? {} : { run: `/api/v1/aggregations/${id}` }),
          },
        );
      }
      return launch(run, previous);
    },
    async startIfDue(intervalMs) {
      const { run, previous, result } = await claim('scheduler', 'scheduled', false, intervalMs);
      return result.claimed ? launch(run, previous) : undefined;
    },
    async aggregate(actor, options) {
      const { done } = await service.start(actor, options);
      const run = await done;
      if (run.status !== 'completed' || run.summary === null) {
        throw new DomainError(
          'aggregation.failed',
          `aggregation failed, stored data kept: ${run.error ?? 'unknown'}`,
          {
            runId: run.id,
          },
        );
      }
      return { ...run.summary, runId: run.id, mode: run.mode };
    },
    get: (id) => store.transaction((tx) => tx.aggregationRuns.get(id)),
    list: (page) => store.transaction((tx) => tx.aggregationRuns.list(page)),
  };
  return service;
}
