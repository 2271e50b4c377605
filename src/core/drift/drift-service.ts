import { DomainError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { DriftCounts, DriftEvent, DriftQuery } from '../ports/drift-store.ts';
import type { Ids } from '../ports/ids.ts';
import type { Page } from '../ports/paging.ts';
import type { Store } from '../ports/store.ts';
import { acceptDrift, revertDrift } from './drift-actions.ts';
import type { DriftActor } from './drift-rules.ts';

/** Who reads drift: administrators and auditors. */
export interface DriftReader {
  administrator: boolean;
  auditor: boolean;
}

/** The drift report (findings newest first, counts per state and kind) and what administrators do with a finding. */
export interface DriftService {
  list(asker: DriftReader, query: DriftQuery): Promise<Page<DriftEvent>>;
  counts(asker: DriftReader): Promise<DriftCounts>;
  /** Accepts an open finding as sanctioned access, with a required note (administrators). */
  accept(actor: DriftActor, id: string, note: string | undefined): Promise<DriftEvent>;
  /** Reverts an open finding now: a revocation with drift as its reason (administrators). */
  revert(actor: DriftActor, id: string, note: string | undefined): Promise<DriftEvent>;
}

function check(asker: DriftReader): void {
  if (!asker.administrator && !asker.auditor)
    throw new DomainError('drift.forbidden', 'only administrators and auditors read the drift report');
}

/** Creates the drift service (the findings are written by aggregation). */
export function createDriftService(deps: { store: Store; clock: Clock; ids: Ids }): DriftService {
  const { store, clock, ids } = deps;
  return {
    async list(asker, query) {
      check(asker);
      return store.transaction((tx) => tx.drift.page(query));
    },
    async counts(asker) {
      check(asker);
      return store.transaction((tx) => tx.drift.counts());
    },
    accept: (actor, id, note) => store.transaction((tx) => acceptDrift(tx, clock, actor, { id, note })),
    revert: (actor, id, note) =>
      store.transaction((tx) => revertDrift(tx, { clock, ids }, actor, { id, note })),
  };
}
