import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { UserManagementError } from './admin-error.ts';
import { assertAction, requireManaged } from './managed-profile.ts';

/** `POST /users/{account_id}/manage/lifecycle/{disable|enable|delete|cancel-delete}`: https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-lifecycle/ */
const LIFECYCLE = '/:accountId/manage/lifecycle';

/** Grace period before a deleted managed account is gone for good (spec: "a 14-day grace period"). */
const DELETION_GRACE_DAYS = 14;

type Params = { accountId: string };

/** disable takes an optional `{message}`: anything but an object with a string message is `bodyParseFailure`. */
function assertDisableBody(body: unknown): void {
  if (body === undefined) return;
  const valid =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ['undefined', 'string'].includes(typeof (body as { message?: unknown }).message);
  if (!valid) throw new UserManagementError(400, 'bodyParseFailure');
}

/** Registers disable (204), enable (204), delete (200, 14-day grace) and cancel-delete (200). */
export function registerLifecycleRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: Params }>(`${LIFECYCLE}/disable`, async (request, reply) => {
    const account = requireManaged(ctx.state, request.params.accountId);
    assertDisableBody(request.body);
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
