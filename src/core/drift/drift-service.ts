import { DomainError } from '../errors.ts';
import type { DriftEvent, DriftKind, DriftQuery } from '../ports/drift-store.ts';
import type { Page } from '../ports/paging.ts';
import type { Store } from '../ports/store.ts';

/** Who reads drift: administrators and auditors. */
export interface DriftReader {
  administrator: boolean;
  auditor: boolean;
}

/** The drift report: findings newest first, and counts per kind. */
export interface DriftService {
  list(asker: DriftReader, query: DriftQuery): Promise<Page<DriftEvent>>;
  counts(asker: DriftReader): Promise<Record<DriftKind, number>>;
}

function check(asker: DriftReader): void {
  if (!asker.administrator && !asker.auditor)
    throw new DomainError('drift.forbidden', 'only administrators and auditors read the drift report');
}

/** Creates the drift report reader (the findings are written by aggregation). */
export function createDriftService(deps: { store: Store }): DriftService {
  return {
    async list(asker, query) {
      check(asker);
      return deps.store.transaction((tx) => tx.drift.page(query));
    },
    async counts(asker) {
      check(asker);
      return deps.store.transaction((tx) => tx.drift.counts());
    },
  };
}
