import type {
  AggregationPhase,
  AggregationProgress,
  AggregationRunRecord,
} from '../ports/aggregation-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store, StoreTx } from '../ports/store.ts';

/** How a run renews its lease and how often it writes its progress. */
export interface LeaseTiming {
  leaseMs: number;
  /** Calls this process made to the target system so far; progress shows the run's share. */
  apiCalls?: () => number;
}

/** Between batches, progress is written (and the lease renewed) at least this often. */
const PROGRESS_MS = 2_000;

/** A fresh run's progress. */
export function emptyProgress(): AggregationProgress {
  return { phase: 'starting', accounts: 0, groups: 0, spaces: 0, removed: 0, failures: 0, apiCalls: 0 };
}

/**
 * Keeps one run's progress and lease: `renew` writes both on the caller's transaction (with each
 * batch), a timer renews them between batches (every 2 s, or a third of the lease if shorter), and `signal` aborts the run once another process
 * has taken it over (its lease ran out), so two processes never write one run.
 */
export function trackRun(deps: {
  store: Store;
  clock: Clock;
  run: AggregationRunRecord;
  timing: LeaseTiming;
}) {
  const { store, clock, run, timing } = deps;
  const progress = { ...run.progress };
  const callsAtStart = timing.apiCalls?.() ?? 0;
  const controller = new AbortController();
  const snapshot = (): AggregationProgress => ({
    ...progress,
    apiCalls: (timing.apiCalls?.() ?? callsAtStart) - callsAtStart,
  });
  const renew = async (tx: StoreTx) => {
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + timing.leaseMs).toISOString();
    const ours = await tx.aggregationRuns.heartbeat(run.id, run.owner, {
      progress: snapshot(),
      now: now.toISOString(),
      leaseUntil,
    });
    if (!ours) {
      controller.abort(new Error('lease lost: another process took the run over'));
      throw controller.signal.reason;
    }
  };
  const timer = setInterval(
    () => {
      store.transaction(renew).catch(() => {
        // a failed renewal is tried again on the next tick; a lost lease has already aborted the run
      });
    },
    Math.max(50, Math.min(PROGRESS_MS, Math.floor(timing.leaseMs / 3))),
  );
  timer.unref();
  return {
    progress,
    signal: controller.signal,
    snapshot,
    renew,
    phase(next: AggregationPhase) {
      progress.phase = next;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** One run's tracker. */
export type RunTracker = ReturnType<typeof trackRun>;
