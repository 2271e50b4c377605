import type { Logger } from 'pino';
import type { AggregationRunRecord, AggregationService, StartedRun } from '../../core/index.ts';
import type { ServerMetrics } from '../observability/metrics.ts';

/** One aggregation run as the API, the admin page and `spacegate aggregate` show it: the run's row. */
export interface AggregationRun extends Omit<AggregationRunRecord, 'owner' | 'heartbeatAt' | 'leaseUntil'> {
  durationMs: number | null;
}

/** The run's row in the API's shape (the owning process and its lease stay internal). */
export function toApiRun(record: AggregationRunRecord): AggregationRun {
  const { owner: _owner, heartbeatAt: _heartbeat, leaseUntil: _lease, ...run } = record;
  const durationMs =
    record.finishedAt === null ? null : Date.parse(record.finishedAt) - Date.parse(record.startedAt);
  return { ...run, durationMs };
}

/** How often a process checks whether a scheduled run is due: a tenth of the interval, 1 s to 60 s. */
export function scheduleTickMs(intervalMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor(intervalMs / 10)));
}

/**
 * Aggregation runs for the HTTP layer: every read comes from the store (so every process shows
 * the same runs), starts go through the core (whose store lock lets one run at a time), and
 * the runs this process executes feed the duration metric.
 */
export function createAggregationRuns(deps: {
  aggregation: AggregationService;
  metrics: ServerMetrics;
  logger: Logger;
}) {
  const { aggregation, metrics, logger } = deps;
  const observe = (started: StartedRun) => {
    void started.done.then((run) => {
      const seconds = (Date.parse(run.finishedAt ?? run.startedAt) - Date.parse(run.startedAt)) / 1000;
      metrics.aggregationDuration.observe(seconds, { outcome: run.status });
      logger.info(
        { run: run.id, status: run.status, mode: run.mode, summary: run.summary, error: run.error },
        'aggregation finished',
      );
    });
    return toApiRun(started.run);
  };
  return {
    /** Starts a run; `aggregation.running` (409) names the run in progress, on whichever process it is. */
    start: async (actor: string, options: { full?: boolean } = {}) =>
      observe(await aggregation.start(actor, options)),
    /** A run by id. */
    get: async (id: string) => {
      const run = await aggregation.get(id);
      return run === undefined ? undefined : toApiRun(run);
    },
    /** Runs newest first, one page at a time. */
    list: async (page: { limit: number; cursor?: string }) => {
      const { items, next } = await aggregation.list(page);
      return { items: items.map(toApiRun), next };
    },
    /**
     * Every tick, starts a scheduled run when none started within `intervalMs`; with several
     * processes the store decides which one runs it. Returns the function that stops the schedule.
     */
    schedule(intervalMs: number): () => void {
      const tick = () => {
        aggregation.startIfDue(intervalMs).then(
          (started) => {
            if (started !== undefined) observe(started);
          },
          (error: unknown) => logger.error({ err: error }, 'scheduled aggregation could not start'),
        );
      };
      const timer = setInterval(tick, scheduleTickMs(intervalMs));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** The aggregation runs. */
export type AggregationRuns = ReturnType<typeof createAggregationRuns>;
