import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { acceptEmptyJson } from '../http/json-body.ts';
import { AdminApiError, UserManagementError } from './admin-error.ts';
import { settleDeletions } from './deletion-clock.ts';

/** Which of the two APIs a scope serves; they share the API key but not their error bodies. */
type AdminFlavour = 'organization' | 'user-management';

/** Marks a request body that is not JSON, so each API can answer with its own 400 body. */
class BodyParseError extends Error {
  readonly statusCode = 400;
}

/** Whether the request carries the organization API key as a Bearer token, and it is not revoked. */
function hasAdminKey(ctx: EmulatorContext, request: FastifyRequest): boolean {
  const { credentials } = ctx.state;
  if (credentials.revoked.has('admin')) return false;
  return request.headers.authorization === `Bearer ${credentials.adminApiKey}`;
}

/**
 * Makes a Fastify scope behave like Atlassian's gateway for one API: Bearer API key check (401 before
 * anything else), a JSON parser that tolerates empty bodies, Atlassian's error bodies for every failure,
 * and a not-found answer in the API's own shape.
 */
export function installApiScope(app: FastifyInstance, ctx: EmulatorContext, flavour: AdminFlavour): void {
  acceptEmptyJson(app, ['application/json'], () => new BodyParseError('request body is not valid JSON'));

  app.addHook('onRequest', async (request, reply) => {
    if (hasAdminKey(ctx, request)) return settleDeletions(ctx.state);
    return flavour === 'organization'
      ? reply.code(401).send({ code: 401, message: 'Unauthorized' })
      : reply.code(401).send({ key: 'unauthorized' });
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => sendError(reply, flavour, error));
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      reply,
      flavour,
      flavour === 'organization'
        ? new AdminApiError(
            404,
            'ADMIN-404-1',
            `No resource at ${request.method} ${request.url.split('?')[0]}`,
          )
        : new UserManagementError(404, 'notFound'),
    ),
  );
}

function sendError(reply: FastifyReply, flavour: AdminFlavour, error: unknown): FastifyReply {
  if (error instanceof AdminApiError || error instanceof UserManagementError) {
    return reply.code(error.status).send(error.body());
  }
  const status = statusOf(error);
  const clientError = status >= 400 && status < 500;
  if (flavour === 'organization') {
    const mapped = clientError
      ? new AdminApiError(400, 'ADMIN-400-24', messageOf(error))
      : new AdminApiError(500, 'ADMIN-500-1', 'Internal error');
    return reply.code(mapped.status).send(mapped.body());
  }
  if (clientError) return reply.code(400).send({ key: 'bodyParseFailure' });
  return reply.code(500).send({ key: 'internalServerError' });
}

function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const { statusCode } = error as { statusCode: unknown };
    if (typeof statusCode === 'number') return statusCode;
  }
  return 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'The request body is not valid';
}
