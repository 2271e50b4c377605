import type { FastifyInstance } from 'fastify';
import { originOf } from '../http/context.ts';
import { requireAdmin } from './auth.ts';
import { type DcContext, dcRequest, findUser, requireFeature } from './context.ts';
import { badRequest, DcRestError } from './errors.ts';
import { findGroup } from './groups.ts';
import { requireWritable } from './read-only.ts';
import { groupOf } from './shapes.ts';

/** `POST /rest/api/admin/group` (8.2, unconfirmed): body `{ name, type: "group" }`. */
const CREATE_GROUP = '/rest/api/admin/group';
/** `DELETE /rest/api/admin/group/{groupName}`: 204; 400 for the last admin group. */
const DELETE_GROUP = '/rest/api/admin/group/:groupName';
/** `PUT|DELETE /rest/api/user/{username}/group/{groupName}`: membership, idempotent, 204. */
const MEMBERSHIP = '/rest/api/user/:username/group/:groupName';

type Membership = { Params: { username: string; groupName: string } };

/** Registers group create/delete and membership writes; a release without them answers 404. */
export function registerGroupWriteRoutes(app: FastifyInstance, ctx: DcContext): void {
  app.post<{ Body: { name?: unknown; type?: unknown } | undefined }>(CREATE_GROUP, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireFeature(state, 'restGroupWrites');
    requireAdmin(state, caller);
    const { name, type } = request.body ?? {};
    if (type !== 'group') throw badRequest("missing type id property 'type'");
    if (typeof name !== 'string' || name.trim() === '') throw badRequest('A group name is required');
    if (state.groupByGroupName(name) !== undefined)
      throw new DcRestError(409, `Group '${name}' already exists`);
    const lower = name.toLowerCase();
    const internal = state.directories.find((d) => d.type === 'internal')?.id ?? 1;
    const group = state.insertGroup(
      {
        id: lower,
        name: lower,
        directoryId: internal,
        members: new Set(),
        updatedAt: state.now().toISOString(),
      },
      originOf('admin', request),
    );
    return groupOf(group, links);
  });

  app.delete<{ Params: { groupName: string } }>(DELETE_GROUP, async (request, reply) => {
    const { state, caller } = dcRequest(ctx, request);
    requireFeature(state, 'restGroupWrites');
    requireAdmin(state, caller);
    const group = findGroup(state, request.params.groupName);
    const adminGroups = state.globalGrants.filter(
      (g) =>
        g.permission === 'SYSTEMADMINISTRATOR' &&
        g.principal.type === 'group' &&
        state.groups.has(g.principal.id),
    );
    if (
      adminGroups.length === 1 &&
      adminGroups[0]?.principal.type === 'group' &&
      adminGroups[0].principal.id === group.id
    )
      throw badRequest('Cannot delete the last group with System Administrator permission');
    requireWritable(state, 'group', group);
    state.deleteGroup(group.id, originOf('admin', request));
    return reply.code(204).send();
  });

  for (const add of [true, false]) {
    const route = add ? app.put.bind(app) : app.delete.bind(app);
    route<Membership>(MEMBERSHIP, async (request, reply) => {
      const { state, caller } = dcRequest(ctx, request);
      requireFeature(state, 'restGroupWrites');
      requireAdmin(state, caller);
      const user = findUser(state, { username: request.params.username });
      const group = findGroup(state, request.params.groupName);
      if (group.members.has(user.userKey) !== add) {
        requireWritable(state, 'group', group, user);
        const origin = originOf('admin', request);
        if (add) state.addMember(group.id, user.userKey, origin);
        else state.removeMember(group.id, user.userKey, origin);
      }
      return reply.code(204).send();
    });
  }
}
