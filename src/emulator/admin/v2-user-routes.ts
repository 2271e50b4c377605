import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { AdminApiError } from './admin-error.ts';
import { orgName } from './org-routes.ts';
import { userMatches } from './v2-filters.ts';
import { RoleAssignmentQuery, readV2Query, UserQuery, v2Page } from './v2-query.ts';
import { assertDirectory } from './v2-rules.ts';
import { userRoleAssignments, v2User } from './v2-views.ts';

/** `GET /admin/v2/orgs/{orgId}/directories` (jira.js `getDirectoriesForOrg`; Atlassian org API v2). */
const DIRECTORIES = '/v2/orgs/:orgId/directories';
/** `GET /admin/v2/orgs/{orgId}/directories/{directoryId}/users` (jira.js `getDirectoryUsers`). */
const USERS = '/v2/orgs/:orgId/directories/:directoryId/users';
/** `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search` (jira.js `searchDirectoryUsers`). */
const USER_SEARCH = '/v2/orgs/:orgId/directories/:directoryId/users/search';
/** `GET|DELETE /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}` (jira.js user details, remove). */
const USER = '/v2/orgs/:orgId/directories/:directoryId/users/:accountId';

/** `GET …/users/{accountId}/role-assignments` (jira.js `getUserRoleAssignments`). */
const USER_ROLES = '/v2/orgs/:orgId/directories/:directoryId/users/:accountId/role-assignments';

type DirectoryParams = { orgId: string; directoryId: string };
type UserParams = DirectoryParams & { accountId: string };

function requireDirectoryUser(state: SiteState, accountId: string): Account {
  const account = state.accounts.get(accountId);
  if (account === undefined || account.accountType === 'app' || account.accountStatus === 'closed') {
    throw new AdminApiError(404, 'ADMIN-404-8', `User ${accountId} was not found in the directory`);
  }
  return account;
}

/** Registers the v2 directory and directory-user routes (list, search, details, suspend, restore, remove). */
export function registerV2UserRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { orgId: string }; Querystring: Record<string, unknown> }>(
    DIRECTORIES,
    async (request) => {
      const { state } = ctx;
      const { accountId } = request.query;
      const holds = typeof accountId !== 'string' || state.accounts.has(accountId);
      const directories = holds
        ? [{ directoryId: state.site.directoryId, name: `${orgName(state)} directory` }]
        : [];
      return { data: directories, links: {} };
    },
  );

  const list = (state: SiteState, directoryId: string, input: unknown) => {
    assertDirectory(state, directoryId);
    const { query, offset } = readV2Query('v2-users', UserQuery, input);
    if (query.searchTerm !== undefined && (query.emails?.length ?? 0) > 0) {
      throw new AdminApiError(400, 'ADMIN-400-24', 'searchTerm and emails cannot be used together');
    }
    const expand = new Set(query.expand ?? []);
    const page = v2Page('v2-users', state.accountOrder, query, offset, (accountId) => {
      const account = state.accounts.get(accountId);
      return (
        account !== undefined &&
        account.accountType !== 'app' &&
        account.accountStatus !== 'closed' &&
        userMatches(state, account, query)
      );
    });
    return {
      data: page.data.map((accountId) => v2User(state, state.requireAccount(accountId), expand)),
      links: page.links,
    };
  };

  app.get<{ Params: DirectoryParams }>(USERS, async (request) =>
    list(ctx.state, request.params.directoryId, request.query),
  );
  app.post<{ Params: DirectoryParams }>(USER_SEARCH, async (request) =>
    list(ctx.state, request.params.directoryId, request.body),
  );

  app.get<{ Params: UserParams }>(USER, async (request) => {
    assertDirectory(ctx.state, request.params.directoryId);
    const account = requireDirectoryUser(ctx.state, request.params.accountId);
    const { productAccess: _p, groups: _g, links: _l, ...data } = v2User(ctx.state, account, new Set());
    return { data };
  });

  app.get<{ Params: UserParams }>(USER_ROLES, async (request) => {
    const { state } = ctx;
    assertDirectory(state, request.params.directoryId);
    const account = requireDirectoryUser(state, request.params.accountId);
    const { query, offset } = readV2Query('v2-user-roles', RoleAssignmentQuery, request.query);
    const wanted = (values: string[] | undefined, value: string | null): boolean =>
      values === undefined || values.length === 0 || (value !== null && values.includes(value));
    const matching = userRoleAssignments(state, account.accountId).filter(
      (assignment) =>
        wanted(query.resourceIds, assignment.resourceId) &&
        wanted(query.resourceOwners, assignment.resourceOwner) &&
        wanted(query.directoryIds, assignment.directoryId) &&
        assignment.roles.some((role) => wanted(query.roleIds, role)),
    );
    return v2Page('v2-user-roles', matching, query, offset);
  });

  for (const [action, suspended] of [
    ['suspend', true],
    ['restore', false],
  ] as const) {
    app.post<{ Params: UserParams }>(`${USER}/${action}`, async (request, reply) => {
      assertDirectory(ctx.state, request.params.directoryId);
      const account = requireDirectoryUser(ctx.state, request.params.accountId);
      ctx.state.setSuspended(account.accountId, suspended, originOf('admin', request));
      return reply.code(204).send();
    });
  }

  app.delete<{ Params: UserParams }>(USER, async (request, reply) => {
    const { state } = ctx;
    assertDirectory(state, request.params.directoryId);
    const account = requireDirectoryUser(state, request.params.accountId);
    const origin = originOf('admin', request);
    for (const group of state.groupsOf(account.accountId))
      state.removeMember(group.id, account.accountId, origin);
    return reply.code(204).send();
  });
}
