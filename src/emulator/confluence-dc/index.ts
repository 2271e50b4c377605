import type { FastifyInstance } from 'fastify';
import { acceptEmptyJson } from '../http/json-body.ts';
import { registerAdminUserLifecycleRoutes, registerAdminUserRoutes } from './admin-users.ts';
import type { DcContext } from './context.ts';
import { badRequest, installDcErrors } from './errors.ts';
import { registerGroupWriteRoutes } from './group-writes.ts';
import { registerGroupRoutes } from './groups.ts';
import { registerManifest } from './manifest.ts';
import { registerJsonRpc } from './rpc/json-rpc.ts';
import { registerSpacePermissionRoutes, registerSubjectPermissionRoutes } from './space-permissions.ts';
import { registerSpaceRoutes } from './spaces.ts';
import { registerUserRoutes } from './users.ts';

export type { DcContext } from './context.ts';
export { dcRateLimitHeaders } from './errors.ts';

/** Registers Confluence Data Center's REST, JSON-RPC and manifest in one scope (prefix: the context path). */
export function registerConfluenceDcApi(app: FastifyInstance, ctx: DcContext): void {
  acceptEmptyJson(app, ['application/json'], () => badRequest('The request body is not valid JSON'));
  installDcErrors(app);
  registerManifest(app, ctx);
  registerUserRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerAdminUserRoutes(app, ctx);
  registerAdminUserLifecycleRoutes(app, ctx);
  registerGroupWriteRoutes(app, ctx);
  registerSpaceRoutes(app, ctx);
  registerSpacePermissionRoutes(app, ctx);
  registerSubjectPermissionRoutes(app, ctx);
  registerJsonRpc(app, ctx);
}
