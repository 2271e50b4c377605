import type { Page, PageRequest } from './paging.ts';

/**
 * What an aggregation found differing from what Spacegate granted or found at the first
 * aggregation: access given in Confluence directly (`out_of_band`), access taken away there
 * (`removed`), and access an account holds while its person left (`leaver`) or has no person (`orphan`).
 */
export const DRIFT_KINDS = ['out_of_band', 'removed', 'leaver', 'orphan'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * Where a finding stands: `open` until an administrator `accepted` it (known, sanctioned access)
 * or it was `reverted` (a revocation with drift as its reason, by policy or on demand), or a later
 * aggregation saw the site undo it, or an orphan's account came to match a person (`resolved`).
 */
export const DRIFT_STATES = ['open', 'accepted', 'reverted', 'resolved'] as const;
export type DriftState = (typeof DRIFT_STATES)[number];

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
  state: DriftState;
  /** Who closed it (an administrator, or `system` for a policy revert or the site's undoing), when, and why. */
  closedBy: string | null;
  closedAt: string | null;
  note: string | null;
}

/** Drift newest first, optionally of one kind, one run or one state. */
export interface DriftQuery extends PageRequest {
  kind?: DriftKind | undefined;
  runId?: string | undefined;
  state?: DriftState | undefined;
}

/** How many findings of each kind in each state. */
export type DriftCounts = Record<DriftState, Record<DriftKind, number>>;

/** How an open finding is closed. */
export interface DriftClosing {
  state: Exclude<DriftState, 'open'>;
  by: string;
  at: string;
  note: string | null;
  /** The revocation a revert created. */
  requestId?: string | undefined;
}

/** Drift findings; they are written by the aggregation commit (set-based SQL), read and closed here. */
export interface DriftRepository {
  page(query: DriftQuery): Promise<Page<DriftEvent>>;
  get(id: string): Promise<DriftEvent | undefined>;
  /** How many findings of each kind in each state, in one grouped query (the home page, `/metrics`). */
  counts(): Promise<DriftCounts>;
  /** One run's open out-of-band findings on correlated accounts: what a revert policy may act on. */
  revertable(runId: string): Promise<DriftEvent[]>;
  /** Closes a finding if it is still open; false when it was not (closed meanwhile, or no such id). */
  close(id: string, closing: DriftClosing): Promise<boolean>;
  /**
   * Closes as `resolved` (by `system`, with the note) every open `orphan` finding whose account now
   * matches a person, in one set-based update that also records that person on it; returns them.
   */
  resolveMatchedOrphans(closing: { at: string; note: string }): Promise<DriftEvent[]>;
  /** Marks the held assignment a finding names as accepted: known access, no longer drift. */
  sanction(event: DriftEvent): Promise<void>;
}
