import type { Page, PageRequest } from './paging.ts';

/**
 * What an aggregation found differing from what Spacegate granted or found at the first
 * aggregation: access given in Confluence directly (`out_of_band`), access taken away there
 * (`removed`), and access an account holds while its person left (`leaver`) or has no person (`orphan`).
 */
export const DRIFT_KINDS = ['out_of_band', 'removed', 'leaver', 'orphan'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** `reported` only; `revert_queued` when a revocation with drift as its reason was created (`requestId`). */
export type DriftResolution = 'reported' | 'revert_queued';

/** One drift finding: an account's group membership or space permission, found by one run. */
export interface DriftEvent {
  id: string;
  kind: DriftKind;
  accountKey: string;
  /** The account's person when it is correlated, else null (an orphan). */
  identityId: string | null;
  entitlementKind: 'group' | 'space';
  /** A group id, or a space permission value (`KEY:key/target`). */
  value: string;
  detectedAt: string;
  runId: string;
  resolution: DriftResolution;
  requestId: string | null;
}

/** Drift newest first, optionally of one kind or one run. */
export interface DriftQuery extends PageRequest {
  kind?: DriftKind | undefined;
  runId?: string | undefined;
}

/** Drift findings; they are written by the aggregation commit (set-based SQL), read and resolved here. */
export interface DriftRepository {
  page(query: DriftQuery): Promise<Page<DriftEvent>>;
  /** How many findings of each kind, for the administrator's home. */
  counts(): Promise<Record<DriftKind, number>>;
  /** One run's out-of-band findings on correlated accounts: what a revert may act on. */
  revertable(runId: string): Promise<DriftEvent[]>;
  resolve(id: string, resolution: DriftResolution, requestId: string | null): Promise<void>;
}
