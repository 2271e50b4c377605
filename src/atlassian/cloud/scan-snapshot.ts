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
  // Interned per principal type by the id string of the response itself: no `type:id` key is built.
  const byType = new Map<string, Map<string, number>>();
  const principals: ScanSnapshot['principals'] = { types: [], typeOf: [], ids: [] };
  const spaces: SnapshotSpace[] = [];
  const intern = (type: string, id: string): number => {
    let ids = byType.get(type);
    if (ids === undefined) {
      ids = new Map();
      byType.set(type, ids);
      principals.types.push(type);
    }
    let index = ids.get(id);
    if (index === undefined) {
      index = principals.ids.push(id) - 1;
      principals.typeOf.push(principals.types.indexOf(type));
      ids.set(id, index);
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
        pairs.push(intern(row.principal.type, row.principal.id ?? ''), OPTION_INDEX.get(option) ?? 0);
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
  const { types, typeOf, ids } = snapshot.principals;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const principal = pairs[i] ?? 0;
    const option = PERMISSION_OPTIONS[pairs[i + 1] ?? 0]?.id;
    const operation = option === undefined ? undefined : cloudOperation(option);
    if (operation === undefined) continue;
    const id = ids[principal] ?? '';
    rows.push({
      id: '',
      principal: { type: types[typeOf[principal] ?? 0] ?? '', ...(id === '' ? {} : { id }) },
      operation: { key: operation.key, targetType: operation.target },
    });
  }
  return rows;
}
