import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { directoryGroup, directoryGroups, namedDirectoryGroups } from './directory-groups.ts';
import { parseGroupInput, patchedGroup } from './group-input.ts';
import { groupResource } from './group-resource.ts';
import {
  createGroup,
  deleteGroup,
  replaceGroup,
  unknownMemberInBody,
  unknownMemberInPatch,
} from './group-writer.ts';
import { listResponse, parseEqFilter, parsePage } from './list-query.ts';
import { readPatchOperations } from './patch-request.ts';
import { parseProjection } from './projection.ts';
import { type DirectoryParams, type ListQuery, scopeOf, sendScim } from './reply.ts';

type GroupRoute = { Params: DirectoryParams & { id: string }; Querystring: ListQuery; Body: unknown };

/**
 * The Groups endpoints (https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/):
 * only groups synced from the IdP (with a SCIM id) are visible, plus directory-only groups with a
 * reserved name; membership changes go through the site state one account at a time, so the write
 * log names every account touched.
 */
export function registerGroupRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  // Get groups: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-get
  app.get<{ Params: DirectoryParams; Querystring: ListQuery }>('/Groups', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const filter = parseEqFilter(request.query.filter, ['displayName']);
    const page = parsePage(request.query);
    const project = parseProjection(request.query);
    const groups = filter === undefined ? directoryGroups(state) : namedDirectoryGroups(state, filter.value);
    return sendScim(
      reply,
      200,
      listResponse(groups, page, (group) =>
        project(groupResource(state, group, urls, project.shows('members'))),
      ),
    );
  });

  // Create a group: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-post
  app.post<{ Params: DirectoryParams; Body: unknown }>('/Groups', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const group = createGroup(state, parseGroupInput(request.body), originOf('scim', request));
    reply.header('location', urls.group(group.scimId ?? ''));
    return sendScim(reply, 201, groupResource(state, group, urls));
  });

  // Get a group by ID: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-id-get
  app.get<GroupRoute>('/Groups/:id', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const project = parseProjection(request.query);
    return sendScim(
      reply,
      200,
      project(groupResource(state, directoryGroup(state, request.params.id), urls, project.shows('members'))),
    );
  });

  // Update a group by ID: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-id-put
  app.put<GroupRoute>('/Groups/:id', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const group = directoryGroup(state, request.params.id);
    const input = parseGroupInput(request.body);
    replaceGroup(state, group, input, originOf('scim', request), unknownMemberInBody);
    return sendScim(reply, 200, groupResource(state, group, urls));
  });

  // Update a group by ID (PATCH): https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-id-patch
  app.patch<GroupRoute>('/Groups/:id', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const group = directoryGroup(state, request.params.id);
    const input = patchedGroup(state, group, readPatchOperations(request.body));
    replaceGroup(state, group, input, originOf('scim', request), unknownMemberInPatch);
    return sendScim(reply, 200, groupResource(state, group, urls));
  });

  // Delete a group by ID: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-groups/#api-scim-directory-directoryid-groups-id-delete
  app.delete<GroupRoute>('/Groups/:id', async (request, reply) => {
    const { state } = scopeOf(ctx, request);
    deleteGroup(state, directoryGroup(state, request.params.id), originOf('scim', request));
    return reply.code(204).send();
  });
}
