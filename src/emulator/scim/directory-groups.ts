import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { notFound } from './errors.ts';

/** Atlassian's built-in groups (https://support.atlassian.com/user-management/docs/default-groups-and-permissions/). */
const BUILT_IN = new Set([
  'site-admins',
  'administrators',
  'system-administrators',
  'trusted-users',
  'atlassian-addons-admin',
]);

/** Default access groups: `<product>-users|admins|guests[-<site>]`, e.g. `confluence-users-acme`. */
const DEFAULT_ACCESS =
  /^(confluence|jira|jira-software|jira-servicemanagement|jira-servicedesk|jira-core|jira-work-management|jira-product-discovery|bitbucket|opsgenie|statuspage|compass)-(users|admins|administrators|guests)(-[a-z0-9-]+)?$/;

/**
 * Whether a name is a default access group or a built-in group. Atlassian's SCIM document
 * ("Group limitations"): creating such a group answers success, but the group is not synced to
 * the organization, so its members get nothing from it.
 */
export function isReservedGroupName(name: string): boolean {
  const lower = name.toLowerCase();
  return BUILT_IN.has(lower) || DEFAULT_ACCESS.test(lower);
}

/** The directory-only group with this name (case-insensitive), if any. */
export function directoryOnlyGroupNamed(state: SiteState, name: string): Group | undefined {
  const lower = name.toLowerCase();
  return [...state.directoryOnlyGroups.values()].find((group) => group.name.toLowerCase() === lower);
}

/** Whether a directory group is a directory-only one (a reserved name), not an organization group. */
export function isUnsynced(state: SiteState, group: Group): boolean {
  return group.scimId !== null && state.directoryOnlyGroups.get(group.scimId) === group;
}

/** Every group in the SCIM directory: the organization's synced groups, then the directory-only ones. */
export function* directoryGroups(state: SiteState): Generator<Group> {
  for (const group of state.groups.values()) if (group.scimId !== null) yield group;
  yield* state.directoryOnlyGroups.values();
}

/** The directory group with this display name (case-insensitive), as a 0- or 1-element list. */
export function namedDirectoryGroups(state: SiteState, name: string): Group[] {
  const group = state.groupByGroupName(name);
  if (group !== undefined && group.scimId !== null) return [group];
  const unsynced = directoryOnlyGroupNamed(state, name);
  return unsynced === undefined ? [] : [unsynced];
}

/** The directory group with this SCIM id, or a 404. */
export function directoryGroup(state: SiteState, scimId: string): Group {
  const group = state.groupByScim(scimId) ?? state.directoryOnlyGroups.get(scimId);
  if (group === undefined) throw notFound(`Group with id '${scimId}' does not exist in the directory.`);
  return group;
}
