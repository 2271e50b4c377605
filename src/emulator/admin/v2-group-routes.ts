import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { createLocalGroup } from '../state/cloud/local-group.ts';
import type { Group, ProductKey } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { parseAdminBody } from './admin-body.ts';
import {
  assertDeletable,
  assertGroupNameFree,
  assertMembersEditable,
  isDefaultGroup,
  requireGroup,
  requireUser,
} from './group-rules.ts';
import { groupMatches } from './v2-filters.ts';
import { GroupQuery, RoleAssignmentQuery, readV2Query, v2Page } from './v2-query.ts';
import { assertDirectory } from './v2-rules.ts';
import { resourceIdOf, roleIdOf, v2Group } from './v2-views.ts';

/** `GET|POST /admin/v2/orgs/{orgId}/directories/{directoryId}/groups` (jira.js `getGroups`, `createGroup`). */
const GROUPS = '/v2/orgs/:orgId/directories/:directoryId/groups';
/** `POST …/groups/search` (jira.js `searchDirectoryGroups`). */
const GROUP_SEARCH = '/v2/orgs/:orgId/directories/:directoryId/groups/search';
/** `GET|DELETE …/groups/{groupId}` (jira.js `getGroup`, `deleteGroup`). */
const GROUP = '/v2/orgs/:orgId/directories/:directoryId/groups/:groupId';
/** `GET …/groups/{groupId}/role-assignments` (jira.js `getGroupRoleAssignments`). */
const ROLE_ASSIGNMENTS = '/v2/orgs/:orgId/directories/:directoryId/groups/:groupId/role-assignments';
/** `POST …/groups/{groupId}/memberships` with `{accountId}` (jira.js `addUserToGroup`). */
const MEMBERSHIPS = '/v2/orgs/:orgId/directories/:directoryId/groups/:groupId/memberships';
/** `DELETE …/groups/{groupId}/memberships/{accountId}` (jira.js `removeUserFromGroup`). */
const MEMBERSHIP = '/v2/orgs/:orgId/directories/:directoryId/groups/:groupId/memberships/:accountId';

type DirectoryParams = { orgId: string; directoryId: string };
type GroupParams = DirectoryParams & { groupId: string };

const CreateGroupInput = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().optional(),
});
const MembershipInput = z.object({ accountId: z.string().min(1) });

/** A group's product roles, one assignment per product (jira.js `MultiDirectoryGroupRoleAssignment`). */
interface RoleAssignment {
  resourceId: string;
  resourceOwner: string;
  defaultRole: string | null;
  roles: string[];
}

function roleAssignments(state: SiteState, group: Group): RoleAssignment[] {
  const byProduct = new Map<ProductKey, string[]>();
  for (const grant of group.productGrants) {
    byProduct.set(grant.product, [...(byProduct.get(grant.product) ?? []), roleIdOf(grant.role)]);
  }
  return [...byProduct].map(([product, roles]) => ({
    resourceId: resourceIdOf(state, product),
    resourceOwner: product,
    defaultRole: isDefaultGroup(state, group) ? (roles[0] ?? null) : null,
    roles,
  }));
}

/** Registers the v2 group routes: list, search, details, create, delete, members, role assignments. */
export function registerV2GroupRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const list = (state: SiteState, directoryId: string, input: unknown) => {
    assertDirectory(state, directoryId);
    const { query, offset } = readV2Query('v2-groups', GroupQuery, input);
    const withCounts = query.counts === true || (query.expand ?? []).some((e) => e.startsWith('counts'));
    const matching = [...state.groups.values()].filter((group) => groupMatches(state, group, query));
    const page = v2Page('v2-groups', matching, query, offset);
    return { data: page.data.map((group) => v2Group(state, group, withCounts)), links: page.links };
  };
  app.get<{ Params: DirectoryParams }>(GROUPS, async (request) =>
    list(ctx.state, request.params.directoryId, request.query),
  );
  app.post<{ Params: DirectoryParams }>(GROUP_SEARCH, async (request) =>
    list(ctx.state, request.params.directoryId, request.body),
  );

  app.get<{ Params: GroupParams }>(GROUP, async (request) => {
    assertDirectory(ctx.state, request.params.directoryId);
    return { data: v2Group(ctx.state, requireGroup(ctx.state, request.params.groupId), true) };
  });

  app.get<{ Params: GroupParams }>(ROLE_ASSIGNMENTS, async (request) => {
    const { state } = ctx;
    assertDirectory(state, request.params.directoryId);
    const group = requireGroup(state, request.params.groupId);
    const { query, offset } = readV2Query('v2-roles', RoleAssignmentQuery, request.query);
    const wanted = (values: string[] | undefined, value: string): boolean =>
      values === undefined || values.length === 0 || values.includes(value);
    const matching = roleAssignments(state, group).filter(
      (assignment) =>
        wanted(query.resourceIds, assignment.resourceId) &&
        wanted(query.resourceOwners, assignment.resourceOwner) &&
        assignment.roles.some((role) => wanted(query.roleIds, role)),
    );
    return v2Page('v2-roles', matching, query, offset);
  });

  app.post<{ Params: DirectoryParams }>(GROUPS, async (request, reply) => {
    const { state } = ctx;
    assertDirectory(state, request.params.directoryId);
    const { name, description } = parseAdminBody(CreateGroupInput, request.body);
    assertGroupNameFree(state, name);
    const group = createLocalGroup(state, { name, description }, originOf('admin', request));
    return reply.code(201).send(v2Group(state, group, false));
  });

  app.delete<{ Params: GroupParams }>(GROUP, async (request, reply) => {
    assertDirectory(ctx.state, request.params.directoryId);
    const group = requireGroup(ctx.state, request.params.groupId);
    assertDeletable(ctx.state, group);
    ctx.state.deleteGroup(group.id, originOf('admin', request));
    return reply.code(204).send();
  });

  app.post<{ Params: GroupParams }>(MEMBERSHIPS, async (request, reply) => {
    assertDirectory(ctx.state, request.params.directoryId);
    const { accountId } = parseAdminBody(MembershipInput, request.body);
    const group = requireGroup(ctx.state, request.params.groupId);
    requireUser(ctx.state, accountId);
    assertMembersEditable(group, 'add', 'v2');
    ctx.state.addMember(group.id, accountId, originOf('admin', request));
    return reply.code(204).send();
  });

  app.delete<{ Params: GroupParams & { accountId: string } }>(MEMBERSHIP, async (request, reply) => {
    assertDirectory(ctx.state, request.params.directoryId);
    const group = requireGroup(ctx.state, request.params.groupId);
    requireUser(ctx.state, request.params.accountId);
    assertMembersEditable(group, 'remove', 'v2');
    ctx.state.removeMember(group.id, request.params.accountId, originOf('admin', request));
    return reply.code(204).send();
  });
}
