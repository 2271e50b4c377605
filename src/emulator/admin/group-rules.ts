import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { AdminApiError } from './admin-error.ts';

/** The group that makes its members organization admins; the admin API never changes its members. */
const ORG_ADMIN_GROUP = 'site-admins';

/**
 * Whether a group is the default group of a product role (`confluence-users-<site>`, `jira-admins-<site>`,
 * …): users given that role are added to it automatically
 * (https://support.atlassian.com/user-management/docs/default-groups-and-permissions/).
 */
export function isDefaultGroup(state: SiteState, group: Group): boolean {
  if (group.productGrants.length === 0) return false;
  const site = state.site.siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[a-z-]+-(users|admins|guests)-${site}$`).test(group.name);
}

/** Whether membership of the group gives admin access to a product or to the organization. */
function grantsAdminAccess(group: Group): boolean {
  return group.name === ORG_ADMIN_GROUP || group.productGrants.some((grant) => grant.role === 'admin');
}

/** Refuses a new group whose name (case-insensitive) is taken with `ADMIN-400-4`. */
export function assertGroupNameFree(state: SiteState, name: string): void {
  if (state.groupByGroupName(name) !== undefined) {
    throw new AdminApiError(400, 'ADMIN-400-4', `A group named ${name} already exists`);
  }
}

/** The group, or `ADMIN-404-10`. */
export function requireGroup(state: SiteState, groupId: string): Group {
  const group = state.groups.get(groupId);
  if (group === undefined) throw new AdminApiError(404, 'ADMIN-404-10', `Group ${groupId} was not found`);
  return group;
}

/** The account, or `ADMIN-404-8` (user not found; deleted, `closed`, accounts are gone from the directory). */
export function requireUser(state: SiteState, accountId: string): void {
  const account = state.accounts.get(accountId);
  if (account === undefined || account.accountStatus === 'closed') {
    throw new AdminApiError(
      404,
      'ADMIN-404-8',
      `User ${accountId} was not found in the organization directory`,
    );
  }
}

/**
 * Refuses membership changes the admin API cannot make, as `ADMIN-403-5`: groups synced from an identity
 * provider (change them in the IdP), removals from the org-admin group (v1 spec: will not "modify
 * site-admin group"), and in v2 additions to it too (jira.js `addUserToGroup`: adding to the org-admin
 * group "will return an error after the Units rollout").
 */
export function assertMembersEditable(
  group: Group,
  change: 'add' | 'remove',
  version: 'v1' | 'v2' = 'v1',
): void {
  if (group.scimId !== null) {
    throw new AdminApiError(
      403,
      'ADMIN-403-5',
      `Group ${group.id} is synced from an identity provider; change its members there`,
    );
  }
  if (group.name === ORG_ADMIN_GROUP && (change === 'remove' || version === 'v2')) {
    throw new AdminApiError(
      403,
      'ADMIN-403-5',
      `Members of ${ORG_ADMIN_GROUP} cannot be changed with this API`,
    );
  }
}

/**
 * Refuses deletions the admin API does not make: synced groups (`ADMIN-403-5`), groups granting admin
 * access (`ADMIN-403-7`) and default groups of a product role (`ADMIN-403-6`).
 */
export function assertDeletable(state: SiteState, group: Group): void {
  if (group.scimId !== null) {
    throw new AdminApiError(403, 'ADMIN-403-5', `Group ${group.id} is synced from an identity provider`);
  }
  if (grantsAdminAccess(group)) {
    throw new AdminApiError(
      403,
      'ADMIN-403-7',
      `Group ${group.id} grants admin access and cannot be deleted`,
    );
  }
  if (isDefaultGroup(state, group)) {
    throw new AdminApiError(403, 'ADMIN-403-6', `Group ${group.id} is a default group and cannot be deleted`);
  }
}
