import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { failureBody, scimErrorBody } from './errors.ts';
import { SCIM_MEDIA_TYPE } from './reply.ts';

const DIRECTORY_IN_URL = /^\/scim\/directory\/([^/?]*)/;

/**
 * Checks every SCIM request before its body is read: a missing or wrong bearer key, or a revoked
 * SCIM key, is a 401 with Atlassian's `{ error, traceId }` body; an unknown directory id is a 404
 * SCIM error. Returns the reply when it has answered, undefined when the request may go on.
 */
export function checkAccess(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | undefined {
  const { credentials, site } = ctx.state;
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return reply.code(401).send(failureBody('Missing authorization header.'));
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null || match[1] !== credentials.scimKey || credentials.revoked.has('scim')) {
    return reply.code(401).send(failureBody('Unauthorized: the API key is invalid, expired or revoked.'));
  }
  const directoryId = decodeURIComponent(DIRECTORY_IN_URL.exec(request.url)?.[1] ?? '');
  if (directoryId !== site.directoryId) {
    return reply
      .code(404)
      .type(SCIM_MEDIA_TYPE)
      .send(JSON.stringify(scimErrorBody(404, `Directory '${directoryId}' does not exist.`)));
  }
  return undefined;
}
