import type { DeltaState } from '../../connector/index.ts';
import type { Assignment, StoredAccount, StoredEntitlement } from '../model.ts';

/** Where a run stands: reading one list, applying what it staged, or finished. */
export type AggregationPhase = 'starting' | 'accounts' | 'groups' | 'spaces' | 'committing' | 'done';

/** What a run has seen so far, written to its row in batches. */
export interface AggregationProgress {
  phase: AggregationPhase;
  /** Items read per list (in a delta run: the changed ones). */
  accounts: number;
  groups: number;
  spaces: number;
  /** Keys the connector reported gone since the last run (delta runs only). */
  removed: number;
  failures: number;
  apiCalls: number;
}

/** What a completed run left in the store. */
export interface AggregationSummary {
  accounts: number;
  correlated: number;
  orphans: number;
  groups: number;
  spaces: number;
  assignments: number;
  catalogAdded: number;
  /** Accounts and entitlements written or removed by this run (all of them in a full run). */
  written: number;
}

/** The connector's delta state per list, saved with the run that produced it. */
export interface AggregationState {
  accounts?: DeltaState;
  group?: DeltaState;
  space?: DeltaState;
}

/** One aggregation run as every process sees it. */
export interface AggregationRunRecord {
  id: string;
  actor: string;
  trigger: 'manual' | 'scheduled';
  /** `delta` when it started from the last completed run's state. */
  mode: 'full' | 'delta';
  status: 'running' | 'completed' | 'failed';
  /** The process that runs it (host, pid, instance). */
  owner: string;
  startedAt: string;
  heartbeatAt: string;
  /** A running run whose lease has passed is abandoned: the next start marks it failed and takes over. */
  leaseUntil: string;
  finishedAt: string | null;
  progress: AggregationProgress;
  summary: AggregationSummary | null;
  error: string | null;
}

/** The outcome of a claim: the run now holds the lock, or another run (or a recent one) stands in the way. */
export type ClaimResult =
  | { claimed: true }
  | { claimed: false; running: AggregationRunRecord | undefined; reason: 'running' | 'not_due' };

/** Aggregation runs: the lock, the heartbeat, the history. */
export interface AggregationRunRepository {
  /**
   * Inserts `run` as the one running run. A running run whose lease ended before `now` is first
   * marked failed. With `notStartedSince`, nothing is inserted when any run started at or after it.
   */
  claim(run: AggregationRunRecord, options: { now: string; notStartedSince?: string }): Promise<ClaimResult>;
  get(id: string): Promise<AggregationRunRecord | undefined>;
  /** Newest first, keyset-paged: `cursor` is the `next` of the previous page. */
  list(page: {
    limit: number;
    cursor?: string;
  }): Promise<{ items: AggregationRunRecord[]; next: string | null }>;
  /** Writes progress and extends the lease while `owner` still runs it; false when it does not. */
  heartbeat(
    id: string,
    owner: string,
    patch: { progress: AggregationProgress; now: string; leaseUntil: string },
  ): Promise<boolean>;
  /** Ends the run (completed or failed) while `owner` still runs it; false when it does not. */
  finish(
    id: string,
    owner: string,
    patch: Pick<AggregationRunRecord, 'status' | 'progress' | 'summary' | 'error'> & {
      now: string;
      state?: AggregationState;
    },
  ): Promise<boolean>;
  /** The delta state of the newest completed run that saved one. */
  latestState(): Promise<AggregationState | undefined>;
}

/** An account as a run stages it, with the assignments it carries; correlation happens at commit. */
export interface StagedAccount {
  account: Omit<StoredAccount, 'identityId'>;
  assignments: Assignment[];
}

/** The counts the live tables hold after a commit. */
export type CommitCounts = Omit<AggregationSummary, 'catalogAdded'>;

/** Run-scoped staging: a run writes here as frames arrive; `commit` applies it to the live tables in one transaction. */
export interface AggregationStageRepository {
  /** Drops what any run staged (runs never overlap, so leftovers belong to dead or finished runs). */
  clear(): Promise<void>;
  /** Drops what one run staged (after it failed). */
  discard(runId: string): Promise<void>;
  addAccounts(runId: string, accounts: StagedAccount[]): Promise<void>;
  addEntitlements(runId: string, entitlements: StoredEntitlement[]): Promise<void>;
  /** Keys the connector reported removed (`account`, `group` or `space`). */
  addRemovals(runId: string, kind: 'account' | StoredEntitlement['type'], keys: string[]): Promise<void>;
  /**
   * Applies the run's staged rows: `full` replaces the live accounts, entitlements and assignments
   * with them; `delta` upserts the staged ones and deletes the removed ones. Accounts are correlated
   * to identities by email (case-insensitively). Clears the staging and returns the live counts.
   * After a first completed run it first records drift (dated `detectedAt`, default now) against the live rows.
   */
  commit(runId: string, mode: 'full' | 'delta', detectedAt?: string): Promise<CommitCounts>;
}
