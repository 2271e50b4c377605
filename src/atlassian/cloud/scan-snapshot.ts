import { PERMISSION_OPTIONS, type PermissionOptionId } from '../../connector/index.ts';
import { cloudOperation } from './operation-keys.ts';
import type { ScanningList, ScanSnapshot, SnapshotSpace } from './scan-shapes.ts';
import { rowOption } from './space-grants.ts';
import type { ConfluenceSpace } from './space-shapes.ts';
import type { PermissionRow } from './spaces-api.ts';

/** How long a finished scan may be replayed: long enough for the rest of one aggregation run. */
const SNAPSHOT_REUSE_MS = 5 * 60_000;

/** Each option's position in `PERMISSION_OPTIONS`, the compact form of an option. */
export const OPTION_INDEX = new Map<PermissionOptionId, number>(PERMISSION_OPTIONS.map((o, i) => [o.id, i]));

/** Builds a snapshot while a scan runs; `finish` seals it once the scan completed. */
export function snapshotBuilder(includePersonal: boolean, first: ScanningList) {
  const principalIndex = new Map<string, number>();
  const principals: string[] = [];
  const spaces: SnapshotSpace[] = [];
  const intern = (key: string): number => {
    let index = principalIndex.get(key);
    if (index === undefined) {
      index = principals.push(key) - 1;
      principalIndex.set(key, index);
    }
    return index;
  };
  return {
    add(space: ConfluenceSpace, rows: PermissionRow[] | undefined): void {
      const { id, key, name, type, status } = space;
      if (rows === undefined) {
        spaces.push({ space: { id, key, name, type, status }, pairs: undefined });
        return;
      }
      const pairs: number[] = [];
      for (const row of rows) {
        const option = rowOption(row);
        if (option === undefined) continue;
        pairs.push(intern(`${row.principal.type}:${row.principal.id ?? ''}`), OPTION_INDEX.get(option) ?? 0);
      }
      spaces.push({ space: { id, key, name, type, status }, pairs: Uint32Array.from(pairs) });
    },
    finish(now: number): ScanSnapshot {
      return { includePersonal, until: now + SNAPSHOT_REUSE_MS, principals, spaces, had: new Set([first]) };
    },
  };
}

/** The permission rows a snapshot keeps for one space, rebuilt in the v2 shape (row ids are not kept). */
export function replayRows(snapshot: ScanSnapshot, pairs: Uint32Array): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const principal = snapshot.principals[pairs[i] ?? 0] ?? ':';
    const option = PERMISSION_OPTIONS[pairs[i + 1] ?? 0]?.id;
    const operation = option === undefined ? undefined : cloudOperation(option);
    if (operation === undefined) continue;
    const split = principal.indexOf(':');
    const id = principal.slice(split + 1);
    rows.push({
      id: '',
      principal: { type: principal.slice(0, split), ...(id === '' ? {} : { id }) },
      operation: { key: operation.key, targetType: operation.target },
    });
  }
  return rows;
}
