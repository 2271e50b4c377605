import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { createLocalGroup } from '../state/cloud/local-group.ts';
import { parseAdminBody } from './admin-body.ts';
import {
  assertDeletable,
  assertGroupNameFree,
  assertMembersEditable,
  requireGroup,
  requireUser,
} from './group-rules.ts';

/** `POST /admin/v1/orgs/{orgId}/directory/groups`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-directory/ */
const GROUPS = '/v1/orgs/:orgId/directory/groups';
/** `DELETE /admin/v1/orgs/{orgId}/directory/groups/{groupId}` (same reference). */
const GROUP = '/v1/orgs/:orgId/directory/groups/:groupId';
/** `POST /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships` (same reference). */
const MEMBERSHIPS = '/v1/orgs/:orgId/directory/groups/:groupId/memberships';
/** `DELETE /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships/{accountId}` (same reference). */
const MEMBERSHIP = '/v1/orgs/:orgId/directory/groups/:groupId/memberships/:accountId';

const CreateGroupInput = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().optional(),
});
const AddGroupMembershipInput = z.object({ account_id: z.string().min(1) });

type GroupParams = { orgId: string; groupId: string };

/** Registers the v1 directory group routes (new user management experience): create, delete, members. */
export function registerGroupRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(GROUPS, async (request) => {
    const { name, description } = parseAdminBody(CreateGroupInput, request.body);
    const { state } = ctx;
    assertGroupNameFree(state, name);
    const group = createLocalGroup(state, { name, description }, originOf('admin', request));
    return { message: `Group ${group.name} was created`, groupId: group.id };
  });

  app.delete<{ Params: GroupParams }>(GROUP, async (request) => {
    const group = requireGroup(ctx.state, request.params.groupId);
    assertDeletable(ctx.state, group);
    ctx.state.deleteGroup(group.id, originOf('admin', request));
    return { message: `Group ${group.id} was removed` };
  });

  app.post<{ Params: GroupParams }>(MEMBERSHIPS, async (request) => {
    const { account_id: accountId } = parseAdminBody(AddGroupMembershipInput, request.body);
    const group = requireGroup(ctx.state, request.params.groupId);
    requireUser(ctx.state, accountId);
    assertMembersEditable(group, 'add');
    ctx.state.addMember(group.id, accountId, originOf('admin', request));
    return { message: `User ${accountId} was added to group ${group.id}` };
  });

  app.delete<{ Params: GroupParams & { accountId: string } }>(MEMBERSHIP, async (request) => {
    const { groupId, accountId } = request.params;
    const group = requireGroup(ctx.state, groupId);
    requireUser(ctx.state, accountId);
    assertMembersEditable(group, 'remove');
    ctx.state.removeMember(group.id, accountId, originOf('admin', request));
    return { message: `User ${accountId} was removed from group ${group.id}` };
  });
}
