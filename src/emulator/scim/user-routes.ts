import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { notFound, ScimHttpError } from './errors.ts';
import { listResponse, parseEqFilter, parsePage } from './list-query.ts';
import { readPatchOperations } from './patch-request.ts';
import { parseProjection } from './projection.ts';
import { type DirectoryParams, type ListQuery, scopeOf, sendScim } from './reply.ts';
import { canonicalUserJson, parseUserInput, type UserInput } from './user-input.ts';
import { patchedUser } from './user-patch.ts';
import { scimProfiles } from './user-profiles.ts';
import { userResource } from './user-resource.ts';
import { createUser, deactivateUser, replaceUser } from './user-writer.ts';

type UserRoute = { Params: DirectoryParams & { userId: string }; Querystring: ListQuery; Body: unknown };

/**
 * The Users endpoints (https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/).
 * A deactivated user (SCIM `active: false`) answers 404 to every operation except a PUT or PATCH
 * that sets `active: true`, which is how an IdP re-activates it; lists and filters still show it.
 */
export function registerUserRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  // Get users: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-get
  app.get<{ Params: DirectoryParams; Querystring: ListQuery }>('/Users', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const filter = parseEqFilter(request.query.filter, ['userName', 'externalId']);
    const page = parsePage(request.query);
    const project = parseProjection(request.query);
    const users =
      filter === undefined ? directoryUsers(state) : filteredUsers(state, filter.attribute, filter.value);
    return sendScim(
      reply,
      200,
      listResponse(users, page, (account) => project(userResource(state, account, urls))),
    );
  });

  // Create a user: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-post
  app.post<{ Params: DirectoryParams; Querystring: ListQuery; Body: unknown }>(
    '/Users',
    async (request, reply) => {
      const { state, urls } = scopeOf(ctx, request);
      const project = parseProjection(request.query);
      const account = createUser(
        state,
        parseUserInput(canonicalUserJson(request.body)),
        originOf('scim', request),
      );
      const resource = userResource(state, account, urls);
      reply.header('location', urls.user(account.scim?.id ?? ''));
      return sendScim(reply, 201, project(resource));
    },
  );

  // Get a user by ID: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-userid-get
  app.get<UserRoute>('/Users/:userId', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const project = parseProjection(request.query);
    const account = activeUser(state, request.params.userId);
    return sendScim(reply, 200, project(userResource(state, account, urls)));
  });

  // Update user via user attributes: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-userid-put
  app.put<UserRoute>('/Users/:userId', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const project = parseProjection(request.query);
    const account = anyUser(state, request.params.userId);
    const json = canonicalUserJson(request.body);
    if (account.scim?.active === false && !isTrue(json.active)) throw userNotFound(request.params.userId);
    const updated = replaceUser(state, account, parseUserInput(json), originOf('scim', request));
    return sendScim(reply, 200, project(userResource(state, updated, urls)));
  });

  // Update user by ID (PATCH): https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-userid-patch
  app.patch<UserRoute>('/Users/:userId', async (request, reply) => {
    const { state, urls } = scopeOf(ctx, request);
    const project = parseProjection(request.query);
    const account = anyUser(state, request.params.userId);
    const input = reactivationAware(account, request.params.userId, () =>
      patchedUser(state, account, readPatchOperations(request.body)),
    );
    const updated = replaceUser(state, account, input, originOf('scim', request));
    return sendScim(reply, 200, project(userResource(state, updated, urls)));
  });

  // Deactivate a user: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-userid-delete
  app.delete<UserRoute>('/Users/:userId', async (request, reply) => {
    const { state } = scopeOf(ctx, request);
    deactivateUser(state, activeUser(state, request.params.userId), originOf('scim', request));
    return reply.code(204).send();
  });
}

/** Every account in the SCIM directory, in creation order. */
function directoryUsers(state: SiteState): readonly Account[] {
  return scimProfiles(state).directoryAccounts();
}

function filteredUsers(state: SiteState, attribute: string, value: string): Account[] {
  if (attribute === 'userName') {
    const account = scimProfiles(state).accountByUserName(value);
    return account === undefined ? [] : [account];
  }
  return [...scimProfiles(state).accountsByExternalId(value)];
}

function anyUser(state: SiteState, userId: string): Account {
  const account = state.accountByScim(userId);
  if (account?.scim == null) throw userNotFound(userId);
  return account;
}

function activeUser(state: SiteState, userId: string): Account {
  const account = anyUser(state, userId);
  if (account.scim?.active === false) throw userNotFound(userId);
  return account;
}

/** For a deactivated user, a PATCH that does not end with `active: true` (or fails) is a 404. */
function reactivationAware(account: Account, userId: string, compute: () => UserInput): UserInput {
  if (account.scim?.active !== false) return compute();
  try {
    const input = compute();
    if (input.active === true) return input;
  } catch (error) {
    if (!(error instanceof ScimHttpError)) throw error;
  }
  throw userNotFound(userId);
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function userNotFound(userId: string): ScimHttpError {
  return notFound(`User with id '${userId}' does not exist in the directory.`);
}
