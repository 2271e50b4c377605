import type { z } from 'zod';
import type { Account, Group, ProductGrant } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import type { GroupQuery, UserQuery } from './v2-query.ts';
import { liveGrantsOf, membershipOf, resourceIdOf, roleIdOf, statusOf } from './v2-views.ts';

type UserFilters = z.infer<typeof UserQuery>;
type GroupFilters = z.infer<typeof GroupQuery>;

const within = (values: string[] | undefined, value: string): boolean =>
  values === undefined || values.length === 0 || values.includes(value);

/** Whether some grant matches the resource and role filters (a grant is a role on one product). */
function grantsMatch(
  state: SiteState,
  grants: ProductGrant[],
  resourceIds?: string[],
  roleIds?: string[],
): boolean {
  if ((resourceIds?.length ?? 0) === 0 && (roleIds?.length ?? 0) === 0) return true;
  return grants.some(
    (grant) =>
      within(resourceIds, resourceIdOf(state, grant.product)) && within(roleIds, roleIdOf(grant.role)),
  );
}

/** Whether a directory user passes every v2 user filter that was given. */
export function userMatches(state: SiteState, account: Account, q: UserFilters): boolean {
  const email = account.email.toLowerCase();
  const term = q.searchTerm?.toLowerCase();
  return (
    within(q.accountIds, account.accountId) &&
    (q.groupIds === undefined ||
      q.groupIds.length === 0 ||
      state.groupsOf(account.accountId).some((group) => q.groupIds?.includes(group.id))) &&
    (q.claimStatus === undefined || (q.claimStatus === 'managed') === account.managed) &&
    (q.mfaEnabled === undefined || q.mfaEnabled === false) &&
    within(q.status, statusOf(state, account)) &&
    within(q.accountStatus, account.accountStatus) &&
    within(q.membershipStatus, membershipOf(state, account.accountId)) &&
    within(
      q.emailDomains?.map((d) => d.toLowerCase()),
      email.slice(email.indexOf('@') + 1),
    ) &&
    within(
      q.emails?.map((e) => e.toLowerCase()),
      email,
    ) &&
    (term === undefined ||
      [account.nickname, account.displayName, account.email].some((v) => v.toLowerCase().includes(term))) &&
    grantsMatch(state, liveGrantsOf(state, account.accountId), q.resourceIds, q.roleIds)
  );
}

/** Whether a group passes every v2 group filter that was given. */
export function groupMatches(state: SiteState, group: Group, q: GroupFilters): boolean {
  const owners = q.resourceOwners;
  return (
    within(q.groupIds, group.id) &&
    within(
      q.groupNames?.map((n) => n.toLowerCase()),
      group.name.toLowerCase(),
    ) &&
    (q.accountIds === undefined ||
      q.accountIds.length === 0 ||
      q.accountIds.some((id) => group.members.has(id))) &&
    (q.searchTerm === undefined || group.name.toLowerCase().includes(q.searchTerm.toLowerCase())) &&
    (owners === undefined ||
      owners.length === 0 ||
      group.productGrants.some((g) => owners.includes(g.product))) &&
    grantsMatch(state, group.productGrants, q.resourceIds, q.roleIds)
  );
}
