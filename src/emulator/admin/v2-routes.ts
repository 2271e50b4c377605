import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { registerV2GroupRoutes } from './v2-group-routes.ts';
import { registerV2UserRoutes } from './v2-user-routes.ts';

/**
 * Registers the v2 directory endpoints (users and groups). No OpenAPI document of them was saved; the
 * shapes follow `MrRefactoring/jira.js` `src/admin/**`, a client generated from Atlassian's current spec.
 */
export function registerV2Routes(app: FastifyInstance, ctx: EmulatorContext): void {
  registerV2UserRoutes(app, ctx);
  registerV2GroupRoutes(app, ctx);
}
