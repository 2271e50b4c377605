import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { requireUser } from './group-rules.ts';
import { adminProductKey, productsOf } from './user-view.ts';

/** `GET /admin/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-directory/ */
const LAST_ACTIVE = '/v1/orgs/:orgId/directory/users/:accountId/last-active-dates';
/** `DELETE /admin/v1/orgs/{orgId}/directory/users/{accountId}` (remove user access; same reference). */
const DIRECTORY_USER = '/v1/orgs/:orgId/directory/users/:accountId';
/** `POST /admin/v1/orgs/{orgId}/directory/users/{accountId}/suspend-access` (same reference). */
const SUSPEND = '/v1/orgs/:orgId/directory/users/:accountId/suspend-access';
/** `POST /admin/v1/orgs/{orgId}/directory/users/{accountId}/restore-access` (same reference). */
const RESTORE = '/v1/orgs/:orgId/directory/users/:accountId/restore-access';

type UserParams = { orgId: string; accountId: string };

/** Registers the v1 directory user routes: last active dates, suspend, restore and remove. */
export function registerDirectoryUserRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: UserParams }>(LAST_ACTIVE, async (request) => {
    const { state } = ctx;
    const { accountId } = request.params;
    requireUser(state, accountId);
    const account = state.requireAccount(accountId);
    const lastActive = account.lastActive?.slice(0, 10);
    return {
      data: {
        // Spec: "If the user has not accessed a product, the `product_access` response field will be empty."
        product_access:
          lastActive === undefined
            ? []
            : productsOf(state, accountId).map((product) => ({
                id: state.site.cloudId,
                key: adminProductKey(product),
                last_active: lastActive,
              })),
        added_to_org: account.createdAt.slice(0, 10),
      },
      links: {},
    };
  });

  app.post<{ Params: UserParams }>(SUSPEND, async (request) => {
    const { orgId, accountId } = request.params;
    requireUser(ctx.state, accountId);
    ctx.state.setSuspended(accountId, true, originOf('admin', request));
    return { message: `Access to organization ${orgId} was suspended for user ${accountId}` };
  });

  app.post<{ Params: UserParams }>(RESTORE, async (request) => {
    const { orgId, accountId } = request.params;
    requireUser(ctx.state, accountId);
    ctx.state.setSuspended(accountId, false, originOf('admin', request));
    return { message: `Access to organization ${orgId} was restored for user ${accountId}` };
  });

  app.delete<{ Params: UserParams }>(DIRECTORY_USER, async (request, reply) => {
    const { state } = ctx;
    const { accountId } = request.params;
    requireUser(state, accountId);
    const origin = originOf('admin', request);
    for (const group of state.groupsOf(accountId)) state.removeMember(group.id, accountId, origin);
    return reply.code(204).send();
  });
}
