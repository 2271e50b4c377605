import { pagesV1, pagesV1Concurrent } from '../http/paging.ts';
import type { CloudContext } from './context.ts';
import {
  GROUP_ADD_MEMBER,
  GROUP_BY_ID,
  GROUP_MEMBERS,
  GROUP_REMOVE_MEMBER,
  GROUPS,
  USER_MEMBER_OF,
} from './endpoints.ts';
import type { CarryingGroup, ConfluenceGroup } from './group-shapes.ts';
import { guestRoleGroups } from './guest-groups.ts';
import { reuseBriefly } from './recent.ts';

export type { CarryingGroup, ConfluenceGroup } from './group-shapes.ts';

/** A group member as v1 returns it (`User`); email may be empty for privacy. */
export interface GroupMember {
  accountId: string;
  accountType?: string;
  email?: string;
  displayName?: string;
  publicName?: string;
  isExternalCollaborator?: boolean;
}

/**
 * The groups that carry Confluence access, by id: `accessType=admin` then `accessType=user`
 * (Confluence v1 group list filter; https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/),
 * then the guest-role groups the admin API v2 names.
 */
export async function carryingGroups(ctx: CloudContext): Promise<Map<string, CarryingGroup>> {
  const groups = new Map<string, CarryingGroup>();
  const guests = guestRoleGroups(ctx);
  guests.catch(() => undefined); // awaited below; this only keeps an early v1 failure from leaving it unhandled
  for (const role of ['admin', 'user'] as const) {
    for await (const page of pagesV1<ConfluenceGroup>(ctx.transport, GROUPS, {
      query: { accessType: role },
      limit: ctx.config.pageSize.groups,
    })) {
      for (const group of page) {
        if (!groups.has(group.id)) groups.set(group.id, { id: group.id, name: group.name, role });
      }
    }
  }
  for (const group of await guests) {
    if (!groups.has(group.id)) groups.set(group.id, { ...group, role: 'guest' });
  }
  return groups;
}

/** How long single-account reads and writes reuse the carrying groups: a burst of fulfillments lists them once. */
const CARRYING_REUSE_MS = 15_000;

/**
 * The carrying groups as read within the last 15 s, else read now; a failed read is not kept.
 * Which groups carry Confluence changes rarely, while the account's own memberships (read fresh
 * each time) decide the guardrail; listing runs always read afresh.
 */
export function recentCarryingGroups(ctx: CloudContext): Promise<Map<string, CarryingGroup>> {
  return reuseBriefly(ctx.recent.carrying, 'site', CARRYING_REUSE_MS, () => carryingGroups(ctx));
}

/** Pages of a group's direct members (200 a page); once the total is known, later pages come in parallel. */
export function memberPages(ctx: CloudContext, groupId: string): AsyncGenerator<GroupMember[]> {
  return pagesV1Concurrent<GroupMember>(ctx.transport, GROUP_MEMBERS, {
    params: { groupId },
    query: { expand: 'isExternalCollaborator' },
    limit: ctx.config.pageSize.members,
    width: ctx.config.concurrency,
    totalQuery: { shouldReturnTotalSize: true },
  });
}

/** One group by id. */
export async function groupById(ctx: CloudContext, id: string): Promise<ConfluenceGroup> {
  const { body } = await ctx.transport.call<ConfluenceGroup>(GROUP_BY_ID, { query: { id } });
  return body;
}

/** The ids of every group the account is a direct member of. */
export async function groupIdsOf(ctx: CloudContext, accountId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of pagesV1<ConfluenceGroup>(ctx.transport, USER_MEMBER_OF, {
    query: { accountId },
    limit: ctx.config.pageSize.groups,
  })) {
    for (const group of page) ids.add(group.id);
  }
  return ids;
}

/** Adds the account to the group (v1 `userByGroupId`, 201). */
export async function addMember(ctx: CloudContext, groupId: string, accountId: string): Promise<void> {
  await ctx.transport.call(GROUP_ADD_MEMBER, { query: { groupId }, body: { accountId } });
}

/** Removes the account from the group (204, also when it was not a member). */
export async function removeMember(ctx: CloudContext, groupId: string, accountId: string): Promise<void> {
  await ctx.transport.call(GROUP_REMOVE_MEMBER, { query: { groupId, accountId } });
}
