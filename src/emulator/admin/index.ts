import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { AdminApiError } from './admin-error.ts';
import { installApiScope } from './api-scope.ts';
import { registerDirectoryUserRoutes } from './directory-user-routes.ts';
import { registerDomainWorkspaceRoutes } from './domain-workspace-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { registerOrgRoutes } from './org-routes.ts';
import { registerUserManagementRoutes } from './user-management-routes.ts';
import { registerV2Routes } from './v2-routes.ts';

/**
 * Registers the emulated organization admin API under `/admin` and the user management API under
 * `/users` (both on Atlassian's `api.atlassian.com`), each in its own scope with its own error bodies.
 */
export function registerAdminApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.register(
    async (admin) => {
      installApiScope(admin, ctx, 'organization');
      admin.addHook('onRequest', async (request) => {
        const { orgId } = (request.params ?? {}) as { orgId?: string };
        if (orgId !== undefined && orgId !== ctx.state.site.orgId) {
          throw new AdminApiError(404, 'ADMIN-404-2', `Organization ${orgId} was not found`);
        }
      });
      registerOrgRoutes(admin, ctx);
      registerDomainWorkspaceRoutes(admin, ctx);
      registerDirectoryUserRoutes(admin, ctx);
      registerGroupRoutes(admin, ctx);
      registerV2Routes(admin, ctx);
    },
    { prefix: '/admin' },
  );
  app.register(
    async (users) => {
      installApiScope(users, ctx, 'user-management');
      registerUserManagementRoutes(users, ctx);
    },
    { prefix: '/users' },
  );
}
