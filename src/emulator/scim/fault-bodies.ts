import type { FastifyInstance } from 'fastify';
import { scimErrorBody } from './errors.ts';
import { SCIM_MEDIA_TYPE } from './reply.ts';

/**
 * Gives server errors that the shared traffic hooks inject (`{ code, message }`) the body Atlassian
 * documents for SCIM 500 and 503 (`ScimError`), keeping their status and Retry-After. A 429 keeps
 * the shared body: the SCIM document lists no 429, so nothing says what it looks like.
 */
export function installScimFaultBodies(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 500 || typeof payload !== 'string') return payload;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (parsed === null || typeof parsed !== 'object' || !('code' in parsed) || 'schemas' in parsed)
      return payload;
    const message =
      'message' in parsed && typeof parsed.message === 'string' ? parsed.message : 'Internal error.';
    reply.type(SCIM_MEDIA_TYPE);
    return JSON.stringify(scimErrorBody(reply.statusCode, `${message} You can retry calls.`));
  });
}
