import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { UserManagementError } from './admin-error.ts';
import { parseEmail } from './email-change.ts';
import { assertAction, privilegesOf, profileOf, requireManaged } from './managed-profile.ts';
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
/** `POST /users/{account_id}/manage/lifecycle/{disable|enable|delete|cancel-delete}`: https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-lifecycle/ */
const LIFECYCLE = '/:accountId/manage/lifecycle';

/** Grace period before a deleted managed account is gone for good (spec: "a 14-day grace period"). */
const DELETION_GRACE_DAYS = 14;

type Params = { accountId: string };

/** Registers the user management API (scope prefix `/users`): privileges, profile, email, lifecycle. */
export function registerUserManagementRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
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
    if (edit.location !== undefined) state.accountLocations.set(account.accountId, edit.location);
    state.updateAccount(account.accountId, edit.change, originOf('admin', request), 'account.profile.update');
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

  app.post<{ Params: Params }>(`${LIFECYCLE}/disable`, async (request, reply) => {
    const account = requireManaged(ctx.state, request.params.accountId);
    const body = request.body;
    const message =
      typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    if (
      (body !== undefined && (typeof body !== 'object' || body === null)) ||
      !['undefined', 'string'].includes(typeof message)
    ) {
      throw new UserManagementError(400, 'bodyParseFailure');
    }
    assertAction(account);
    if (account.accountStatus === 'active') {
      ctx.state.updateAccount(
        account.accountId,
        { accountStatus: 'inactive' },
        originOf('admin', request),
        'account.disable',
      );
    }
    return reply.code(204).send();
  });

  app.post<{ Params: Params }>(`${LIFECYCLE}/enable`, async (request, reply) => {
    const { state } = ctx;
    const account = requireManaged(state, request.params.accountId);
    assertAction(account);
    if (state.pendingDeletion.has(account.accountId)) throw lifecycleConflict(account.accountId, 'enable');
    if (account.accountStatus === 'inactive') {
      state.updateAccount(
        account.accountId,
        { accountStatus: 'active' },
        originOf('admin', request),
        'account.enable',
      );
    }
    return reply.code(204).send();
  });

  app.post<{ Params: Params }>(`${LIFECYCLE}/delete`, async (request) => {
    const { state } = ctx;
    const account = requireManaged(state, request.params.accountId);
    assertAction(account);
    if (state.pendingDeletion.has(account.accountId)) throw lifecycleConflict(account.accountId, 'delete');
    state.scheduleDeletion(account.accountId, DELETION_GRACE_DAYS, originOf('admin', request));
    return { message: `Account ${account.accountId} is scheduled for deletion` };
  });

  app.post<{ Params: Params }>(`${LIFECYCLE}/cancel-delete`, async (request) => {
    const { state } = ctx;
    const account = requireManaged(state, request.params.accountId);
    assertAction(account);
    if (!state.cancelDeletion(account.accountId, originOf('admin', request))) {
      throw new UserManagementError(404, 'notFound');
    }
    return { message: `Deletion of account ${account.accountId} was cancelled` };
  });
}

/** 409 `conflict.lifecycleErrors` (spec `Conflict.LifecycleError`): the account is pending deletion. */
function lifecycleConflict(accountId: string, action: 'enable' | 'delete'): UserManagementError {
  const message =
    action === 'enable'
      ? 'The account is scheduled for deletion; cancel the deletion before enabling it'
      : 'The account is already scheduled for deletion';
  return new UserManagementError(409, 'conflict.lifecycleErrors', {
    message,
    accountId,
    errorCodes: [{ code: 'PENDING_DELETION', message }],
  });
}
