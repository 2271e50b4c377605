import type { Account, Group, ProductGrant, ProductKey, ProductRole } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { adminProductKey, pictureOf, productsOf } from './user-view.ts';
import { assertDeletableCheck } from './v2-rules.ts';

/** Membership of the organization's directory (jira.js `MembershipStatus`). */
type MembershipStatus = 'active' | 'suspended' | 'no_membership';

/** The Atlassian resource identifier of the site's product (`ari:cloud:confluence::site/<cloudId>`, unconfirmed form). */
export function resourceIdOf(state: SiteState, product: ProductKey): string {
  return `ari:cloud:${product}::site/${state.site.cloudId}`;
}

/** The canonical role id of a product role (`atlassian/user`, `atlassian/admin`, `atlassian/guest`). */
export function roleIdOf(role: ProductRole): string {
  return `atlassian/${role}`;
}

/** Directory membership: suspended, out of every group (removed from the directory), or active. */
export function membershipOf(state: SiteState, accountId: string): MembershipStatus {
  if (state.suspended.has(accountId)) return 'suspended';
  return state.groupsOf(accountId).length === 0 ? 'no_membership' : 'active';
}

/** The composite v2 `status` (jira.js `Status`: for_deletion, deactivated, suspended, not_invited, active). */
export function statusOf(state: SiteState, account: Account): string {
  if (state.pendingDeletion.has(account.accountId)) return 'for_deletion';
  if (account.accountStatus !== 'active') return 'deactivated';
  const membership = membershipOf(state, account.accountId);
  if (membership === 'suspended') return 'suspended';
  return membership === 'no_membership' ? 'not_invited' : 'active';
}

/** Product grants an account holds now (none while suspended). */
export function liveGrantsOf(state: SiteState, accountId: string): ProductGrant[] {
  return state.suspended.has(accountId) ? [] : state.productGrantsOf(accountId);
}

/** A user of the v2 directory API (jira.js `MultiDirectoryUser`), with the requested expansions. */
export function v2User(
  state: SiteState,
  account: Account,
  expand: ReadonlySet<string>,
): Record<string, unknown> {
  const { accountId } = account;
  const user: Record<string, unknown> = {
    accountId,
    accountType: account.accountType,
    status: statusOf(state, account),
    accountStatus: account.accountStatus,
    membershipStatus: membershipOf(state, accountId),
    addedToOrg: account.createdAt,
    name: account.displayName,
    nickname: account.nickname,
    email: account.email,
    emailVerified: account.managed,
    claimStatus: account.managed ? 'managed' : 'unmanaged',
    picture: pictureOf(account),
    avatar: pictureOf(account),
    managementSource: account.scim !== null ? 'synced' : account.managed ? 'invited' : null,
    mfaEnabled: false,
    jobTitle: account.title ?? '',
    department: account.department,
    organization: account.organization,
    location: state.accountLocations.get(accountId) ?? null,
    timeZone: account.timezone,
    links: { self: accountId },
    deactivatedOn: account.accountStatus === 'active' ? null : account.updatedAt,
    forDeletion: state.pendingDeletion.has(accountId),
  };
  if (expand.has('productAccess')) {
    user.productAccess = productsOf(state, accountId).map((product) => ({
      key: adminProductKey(product),
      id: state.site.cloudId,
      ...(account.lastActive === null ? {} : { lastActiveTimestamp: account.lastActive }),
    }));
  }
  if (expand.has('groups')) {
    user.groups = state.groupsOf(accountId).map((group) => ({
      id: group.id,
      name: group.name,
      description: group.description,
    }));
  }
  if (expand.has('platformRoles')) {
    user.platformRoles = state.groupsOf(accountId).some((group) => group.name === 'site-admins')
      ? ['atlassian/org-admin']
      : [];
  }
  if (expand.has('counts.resources')) {
    user.counts = { resources: new Set(liveGrantsOf(state, accountId).map((grant) => grant.product)).size };
  }
  return user;
}

/** A group of the v2 directory API (jira.js `MultiDirectoryGroup`); counts only when asked for. */
export function v2Group(state: SiteState, group: Group, withCounts: boolean): Record<string, unknown> {
  const synced = group.scimId !== null;
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    directoryId: state.site.directoryId,
    managementAccess: { deletable: assertDeletableCheck(state, group), modifiable: !synced, readable: true },
    externalSynced: synced,
    managedBy: synced ? 'external' : 'admins',
    ...(withCounts
      ? {
          counts: {
            users: group.members.size,
            resources: new Set(group.productGrants.map((g) => g.product)).size,
          },
        }
      : {}),
    links: { self: group.id },
  };
}

/** One role assignment of a user (jira.js `MultiDirectoryUserRoleAssignment`). */
export interface UserRoleAssignment {
  resourceId: string;
  resourceOwner: string;
  roles: string[];
  roleAssignments: Array<{ role: string; roleAssignmentMethods: string[] }>;
  directoryId: string | null;
  userDirectoryStatus: MembershipStatus | null;
}

/**
 * A user's roles per product, all through group membership (`group_direct`), plus the org-admin platform
 * role for members of the org-admin group (platform roles carry no directory; its ARI form is unconfirmed).
 */
export function userRoleAssignments(state: SiteState, accountId: string): UserRoleAssignment[] {
  const byProduct = new Map<ProductKey, Set<string>>();
  for (const grant of state.productGrantsOf(accountId)) {
    byProduct.set(grant.product, (byProduct.get(grant.product) ?? new Set()).add(roleIdOf(grant.role)));
  }
  const status = membershipOf(state, accountId);
  const assignments: UserRoleAssignment[] = [...byProduct].map(([product, roles]) => ({
    resourceId: resourceIdOf(state, product),
    resourceOwner: product,
    roles: [...roles],
    roleAssignments: [...roles].map((role) => ({ role, roleAssignmentMethods: ['group_direct'] })),
    directoryId: state.site.directoryId,
    userDirectoryStatus: status,
  }));
  if (state.groupsOf(accountId).some((group) => group.name === 'site-admins')) {
    assignments.push({
      resourceId: `ari:cloud:platform::org/${state.site.orgId}`,
      resourceOwner: 'platform',
      roles: ['atlassian/org-admin'],
      roleAssignments: [{ role: 'atlassian/org-admin', roleAssignmentMethods: ['group_direct'] }],
      directoryId: null,
      userDirectoryStatus: null,
    });
  }
  return assignments;
}
