import type { ConfluenceSpace } from './space-shapes.ts';

/** The three lists that scan every space's permissions. */
export type ScanningList = 'accounts' | 'group' | 'space';

/** One space as the scan saw it: its identity and its option-bearing rows as (principal, option) index pairs. */
export interface SnapshotSpace {
  space: ConfluenceSpace;
  /** Even slots index `principals`, odd slots index `PERMISSION_OPTIONS`; undefined when the listing failed. */
  pairs: Uint32Array | undefined;
}

/**
 * A finished space-permission scan kept in compact form (interned principals, index pairs, no
 * response bodies), with the lists that have already had it: each list kind gets it once.
 */
export interface ScanSnapshot {
  includePersonal: boolean;
  until: number;
  /** Each interned principal's type and id ('' for a principal without one, e.g. anonymous). */
  principals: { types: string[]; typeOf: number[]; ids: string[] };
  spaces: SnapshotSpace[];
  had: Set<ScanningList>;
}
