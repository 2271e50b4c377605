import { randomToken } from '../auth/secrets.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { ListProgressSink } from './instrumented-connector.ts';

/** What an aggregation run reports when it completes (the core's report, orphans counted). */
export interface RunSummary {
  accounts: number;
  correlated: number;
  orphans: number;
  groups: number;
  spaces: number;
  assignments: number;
  catalogAdded: number;
}

/** One aggregation run as the admin page and `spacegate aggregate` follow it. */
export interface AggregationRun {
  id: string;
  actor: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  progress: { accounts: number; groups: number; spaces: number; apiCalls: number };
  summary: RunSummary | null;
  error: string | null;
  durationMs: number | null;
}

/**
 * Runs aggregations in the background, one at a time, and keeps the last runs with their progress
 * (items read so far, API calls) and results. The run itself is the core's aggregation service.
 */
export function createAggregationRuns(deps: {
  aggregate(actor: string): Promise<{ orphans: string[] } & Omit<RunSummary, 'orphans'>>;
  setSink(sink: ListProgressSink | undefined): void;
  metrics: ServerMetrics;
  keep?: number;
}) {
  const runs: AggregationRun[] = [];
  const keep = deps.keep ?? 20;
  const startRun = (actor: string): AggregationRun => {
    const running = runs.find((r) => r.status === 'running');
    if (running !== undefined) return running;
    const run: AggregationRun = {
      id: `agg_${randomToken(9)}`,
      actor,
      status: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: { accounts: 0, groups: 0, spaces: 0, apiCalls: 0 },
      summary: null,
      error: null,
      durationMs: null,
    };
    runs.unshift(run);
    runs.splice(keep);
    const started = performance.now();
    deps.setSink({
      item: (list) => {
        if (list === 'accounts') run.progress.accounts++;
        else if (list === 'group') run.progress.groups++;
        else run.progress.spaces++;
      },
      apiCall: () => {
        run.progress.apiCalls++;
      },
    });
    const finish = (status: AggregationRun['status']) => {
      run.status = status;
      run.finishedAt = new Date().toISOString();
      run.durationMs = Math.round(performance.now() - started);
      deps.setSink(undefined);
      deps.metrics.aggregationDuration.observe(run.durationMs / 1000, { outcome: status });
    };
    deps.aggregate(actor).then(
      (report) => {
        run.summary = { ...report, orphans: report.orphans.length };
        finish('completed');
      },
      (error: unknown) => {
        run.error = error instanceof Error ? error.message : String(error);
        finish('failed');
      },
    );
    return run;
  };
  return {
    /** Starts a run (or returns the one already running). */
    start: startRun,
    /** A run by id. */
    get: (id: string) => runs.find((r) => r.id === id),
    /** The latest runs, newest first. */
    list: (): ReadonlyArray<AggregationRun> => runs,
    /** Resolves when the run is no longer running. */
    async wait(id: string, pollMs = 50): Promise<AggregationRun | undefined> {
      for (;;) {
        const run = runs.find((r) => r.id === id);
        if (run === undefined || run.status !== 'running') return run;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}

/** The aggregation runs. */
export type AggregationRuns = ReturnType<typeof createAggregationRuns>;
