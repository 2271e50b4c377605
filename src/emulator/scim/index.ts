import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { checkAccess } from './access.ts';
import { installScimBodyParser } from './body-parser.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { ScimHttpError, scimErrorBody } from './errors.ts';
import { installScimFaultBodies } from './fault-bodies.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { sendScim, singleValued } from './reply.ts';
import { registerUserRoutes } from './user-routes.ts';

/**
 * Registers the emulated Atlassian user provisioning (SCIM 2.0) API under
 * `/scim/directory/:directoryId` (https://developer.atlassian.com/cloud/admin/user-provisioning/rest/):
 * bearer-key access, Users, Groups and discovery, with SCIM error bodies for every failure.
 */
export function registerScimApi(app: FastifyInstance, ctx: EmulatorContext): void {
  installScimBodyParser(app);
  installScimFaultBodies(app);
  app.addHook('onRequest', async (request, reply) => {
    const answered = checkAccess(ctx, request, reply);
    if (answered !== undefined) return answered;
  });
  app.addHook('preValidation', async (request) => {
    request.query = singleValued(request.query);
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof ScimHttpError) return sendScim(reply, error.status, { ...error.body() });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendScim(reply, 400, {
        ...scimErrorBody(400, bodyProblem(error), 'invalidSyntax'),
      });
    }
    return sendScim(reply, 500, { ...scimErrorBody(500, 'Internal error. You can retry calls.') });
  });
  app.setNotFoundHandler(async (request, reply) => {
    const answered = checkAccess(ctx, request, reply);
    if (answered !== undefined) return answered;
    return sendScim(reply, 404, {
      ...scimErrorBody(404, `No resource at ${request.method} ${request.url}.`),
    });
  });
  registerUserRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerDiscoveryRoutes(app, ctx);
}

/** A readable reason for a request Fastify could not read (bad JSON, no body, unknown media type). */
function bodyProblem(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: use application/scim+json or application/json.';
    default:
      return error.message;
  }
}
