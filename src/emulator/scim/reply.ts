import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { SiteState } from '../state/site-state.ts';
import type { ScimJson } from './schemas.ts';
import { type DirectoryUrls, directoryUrls } from './user-resource.ts';

/** The media type of every SCIM response (RFC 7644 §3.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

/** Sends a SCIM body as `application/scim+json`. */
export function sendScim(reply: FastifyReply, status: number, body: ScimJson): FastifyReply {
  return reply.code(status).type(SCIM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** The path parameters every SCIM route has. */
export interface DirectoryParams {
  directoryId: string;
}

/** What a route handler needs: the live state (replaced on reset) and the directory's URLs. */
export function scopeOf(
  ctx: EmulatorContext,
  request: FastifyRequest,
): { state: SiteState; urls: DirectoryUrls } {
  const state = ctx.state;
  return { state, urls: directoryUrls(`${request.protocol}://${request.host}`, state.site.directoryId) };
}
