import { type PermissionOptionId, type SpaceGrant, sortOptions } from '../../connector/index.ts';
import { optionForOperation } from './operation-keys.ts';
import type { PermissionRow } from './spaces-api.ts';

/** The permission option a v2 row stands for, if it is one of the options (others, e.g. roles, are skipped). */
export function rowOption(row: PermissionRow): PermissionOptionId | undefined {
  return optionForOperation(row.operation.key, row.operation.targetType);
}

/**
 * Who holds which options in a space, one grant per principal: users directly, groups (named
 * when the name is known), and anonymous access.
 */
export function grantsOf(rows: PermissionRow[], groupNames: ReadonlyMap<string, string>): SpaceGrant[] {
  const byPrincipal = new Map<string, { grant: SpaceGrant; options: PermissionOptionId[] }>();
  for (const row of rows) {
    const option = rowOption(row);
    if (option === undefined) continue;
    const principal = principalOf(row, groupNames);
    if (principal === undefined) continue;
    const key = `${row.principal.type}:${row.principal.id ?? ''}`;
    let entry = byPrincipal.get(key);
    if (entry === undefined) {
      entry = { grant: { principal, options: [] }, options: [] };
      byPrincipal.set(key, entry);
    }
    entry.options.push(option);
  }
  return [...byPrincipal.values()].map(({ grant, options }) => ({ ...grant, options: sortOptions(options) }));
}

function principalOf(
  row: PermissionRow,
  groupNames: ReadonlyMap<string, string>,
): SpaceGrant['principal'] | undefined {
  const { type, id } = row.principal;
  if (type === 'user' && id !== undefined) return { type: 'user', accountKey: id };
  if (type === 'group' && id !== undefined)
    return { type: 'group', groupId: id, name: groupNames.get(id) ?? null };
  if (type === 'anonymous') return { type: 'anonymous' };
  return undefined;
}

/** The rows one user holds directly in a space, by option (the row id is what revoking needs). */
export function directRows(rows: PermissionRow[], accountId: string): Map<PermissionOptionId, string> {
  const held = new Map<PermissionOptionId, string>();
  for (const row of rows) {
    if (row.principal.type !== 'user' || row.principal.id !== accountId) continue;
    const option = rowOption(row);
    if (option !== undefined) held.set(option, String(row.id));
  }
  return held;
}
