import { type AccountRecord, parseSpacePermissionValue, type ReadOptions } from '../../connector/index.ts';
import type { Assignment, CatalogItem } from '../model.ts';

/**
 * What a fulfillment must read back to decide and verify: the one space a space item names, or no
 * space at all for a group item. Reading every space of a large site costs one call per space.
 */
export function readScopeFor(item: CatalogItem): ReadOptions {
  return { spaces: item.type === 'space' ? [item.entitlementKey] : [] };
}

/** Whether a `SPACEKEY:option` value lies inside what the record was read for. */
function inScope(record: AccountRecord, value: string): boolean {
  if (record.scope === undefined) return true;
  const spaceKey = parseSpacePermissionValue(value)?.spaceKey;
  return spaceKey !== undefined && record.scope.spaces.includes(spaceKey);
}

/**
 * The stored attributes brought up to date by a (possibly scoped) read: everything the read covers
 * comes from it; space permissions outside its scope keep their stored values.
 */
export function mergeRead(
  stored: Record<string, unknown> | undefined,
  read: AccountRecord,
): Record<string, unknown> {
  const storedSpaces = Array.isArray(stored?.spacePermissions) ? (stored.spacePermissions as string[]) : [];
  const outside = storedSpaces.filter((value) => !inScope(read, value));
  return {
    ...stored,
    ...read.attributes,
    spacePermissions: [...outside, ...read.attributes.spacePermissions],
  };
}

/** Whether a stored assignment is one the read can confirm or deny (groups always are). */
export function assignmentInScope(read: AccountRecord, assignment: Assignment): boolean {
  return assignment.kind === 'group' || inScope(read, assignment.value);
}
