import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { acceptEmptyJson } from '../http/json-body.ts';
import { checkSiteAuth } from './auth.ts';
import { ConfluenceError, errorBody, generationOf } from './errors.ts';
import { registerV1Groups } from './v1-groups.ts';
import { registerV1SpacePermissions } from './v1-space-permissions.ts';
import { registerV1Spaces } from './v1-spaces.ts';
import { registerV1Users } from './v1-users.ts';
import { registerV2Spaces } from './v2-spaces.ts';
import { registerV2Users } from './v2-users.ts';

/**
 * Registers the emulated Confluence Cloud REST API (v1 under `/wiki/rest/api`, v2 under `/wiki/api/v2`)
 * in a scope prefixed `/wiki`, with Basic auth on every request and Atlassian's error bodies for every
 * failure, including malformed JSON and unknown paths.
 */
export function registerConfluenceCloudApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addHook('onRequest', async (request) => checkSiteAuth(request, ctx.state));
  // confluence.js sends `Content-Type: application/json` on bodiless DELETEs, which Confluence accepts.
  acceptEmptyJson(
    app,
    ['application/json'],
    () => new ConfluenceError(400, 'Unexpected character in the JSON request body'),
  );
  app.setErrorHandler((error: FastifyError | ConfluenceError, request, reply) => {
    const status =
      error instanceof ConfluenceError
        ? error.status
        : typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
          ? error.statusCode
          : 500;
    const message = status === 500 ? 'Internal server error' : error.message;
    return reply.code(status).send(errorBody(generationOf(request.url), status, message));
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`;
    return reply.code(404).send(errorBody(generationOf(request.url), 404, message));
  });
  registerV2Spaces(app, ctx);
  registerV2Users(app, ctx);
  registerV1Spaces(app, ctx);
  registerV1SpacePermissions(app, ctx);
  registerV1Groups(app, ctx);
  registerV1Users(app, ctx);
}
