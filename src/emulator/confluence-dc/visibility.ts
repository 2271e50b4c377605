import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcSpace, DcSpacePermissionType } from '../state/datacenter/model.ts';
import type { DcCaller } from './auth.ts';

/** Whether the caller holds a space permission directly, through a group, or as anonymous. */
export function holds(
  state: DcState,
  caller: DcCaller,
  space: DcSpace,
  type: DcSpacePermissionType,
): boolean {
  if (caller.kind === 'anonymous')
    return (
      state.anonymousAccess &&
      space.permissions.some((p) => p.type === type && p.principal.type === 'anonymous')
    );
  const key = caller.user.userKey;
  const groups = new Set(state.groupsOf(key).map((group) => group.id));
  return space.permissions.some(
    (p) =>
      p.type === type &&
      (p.principal.type === 'anonymous' ||
        (p.principal.type === 'user' && p.principal.id === key) ||
        (p.principal.type === 'group' && groups.has(p.principal.id))),
  );
}

/** Whether the caller may see a space: administrators see every space, others need View. */
export function canView(state: DcState, caller: DcCaller, space: DcSpace): boolean {
  if (caller.kind === 'user' && state.isAdmin(caller.user.userKey)) return true;
  return holds(state, caller, space, 'VIEWSPACE');
}

/** Whether the caller may change a space's permissions: space admins and Confluence administrators. */
export function canAdminister(state: DcState, caller: DcCaller, space: DcSpace): boolean {
  if (caller.kind === 'user' && state.isAdmin(caller.user.userKey)) return true;
  return holds(state, caller, space, 'SETSPACEPERMISSIONS');
}
