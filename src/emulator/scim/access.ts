import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { failureBody, scimErrorBody } from './errors.ts';
import { SCIM_MEDIA_TYPE } from './reply.ts';

const DIRECTORY_IN_URL = /^\/scim\/directory\/([^/?]*)/;

/**
 * Checks every SCIM request before its body is read: a missing or wrong bearer key, or a revoked
 * SCIM key, is a 401 with Atlassian's `{ error, traceId }` body; the organization's admin API key
 * (valid, but not for this API) is a 403 with the text Atlassian sends for it (Okta KB "How to get
 * the API Key and Directory ID needed to authorize the Atlassian Admin Workflows Connector"); an
 * unknown directory id is a 404 SCIM error. Returns the reply when it has answered.
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
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const refused = `Not authorized to access : ${request.url.split('?')[0]?.slice(1) ?? ''}`;
  if (key === credentials.adminApiKey && !credentials.revoked.has('admin')) {
    return reply.code(403).send(failureBody(refused));
  }
  if (key !== credentials.scimKey || credentials.revoked.has('scim')) {
    return reply.code(401).send(failureBody(refused));
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
