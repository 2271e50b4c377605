import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { AdminApiError } from './admin-error.ts';
import { assertDeletable } from './group-rules.ts';

/** Whether the admin API would delete the group (the v2 `managementAccess.deletable` flag). */
export function assertDeletableCheck(state: SiteState, group: Group): boolean {
  try {
    assertDeletable(state, group);
    return true;
  } catch (error) {
    if (error instanceof AdminApiError) return false;
    throw error;
  }
}

/** The directory id in a v2 path must be the organization's directory or `-` (all directories). */
export function assertDirectory(state: SiteState, directoryId: string): void {
  if (directoryId !== '-' && directoryId !== state.site.directoryId) {
    throw new AdminApiError(404, 'ADMIN-404-1', `Directory ${directoryId} was not found`);
  }
}
