import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { UserManagementError } from './admin-error.ts';
import { parseEmail } from './email-change.ts';
import { registerLifecycleRoutes } from './lifecycle-routes.ts';
import { privilegesOf, profileOf, requireManaged } from './managed-profile.ts';
import { parseProfileEdit } from './profile-patch.ts';

/** `GET /users/{account_id}/manage`: https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-manage/ */
const MANAGE = '/:accountId/manage';
/** `GET|PATCH /users/{account_id}/manage/profile`: https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-users/ */
const PROFILE = '/:accountId/manage/profile';
/** `PUT /users/{account_id}/manage/email` (same reference). */
const EMAIL = '/:accountId/manage/email';
/** `GET /users/{account_id}/manage/api-tokens` (same reference). */
const API_TOKENS = '/:accountId/manage/api-tokens';
/** `DELETE /users/{account_id}/manage/api-tokens/{tokenId}` (same reference). */
const API_TOKEN = '/:accountId/manage/api-tokens/:tokenId';
type Params = { accountId: string };

/** Registers the user management API (scope prefix `/users`): privileges, profile, email, API tokens, lifecycle. */
export function registerUserManagementRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  registerLifecycleRoutes(app, ctx);
  app.get<{ Params: Params }>(MANAGE, async (request) =>
    privilegesOf(requireManaged(ctx.state, request.params.accountId)),
  );

  app.get<{ Params: Params }>(PROFILE, async (request) => ({
    account: profileOf(ctx.state, requireManaged(ctx.state, request.params.accountId)),
  }));

  app.patch<{ Params: Params }>(PROFILE, async (request) => {
    const { state } = ctx;
    const account = requireManaged(state, request.params.accountId);
    const edit = parseProfileEdit(account, request.body);
    state.updateProfile(account.accountId, edit.change, edit.location, originOf('admin', request));
    return { account: profileOf(state, account) };
  });

  app.put<{ Params: Params }>(EMAIL, async (request, reply) => {
    const { state } = ctx;
    const account = requireManaged(state, request.params.accountId);
    const email = parseEmail(state, account, request.body);
    state.updateAccount(account.accountId, { email }, originOf('admin', request), 'account.email.set');
    return reply.code(204).send();
  });

  app.get<{ Params: Params }>(API_TOKENS, async (request) => {
    requireManaged(ctx.state, request.params.accountId);
    return [];
  });

  app.delete<{ Params: Params & { tokenId: string } }>(API_TOKEN, async (request) => {
    requireManaged(ctx.state, request.params.accountId);
    throw new UserManagementError(404, 'notFound');
  });
}
