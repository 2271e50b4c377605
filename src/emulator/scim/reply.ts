import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
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

/** The query parameters SCIM endpoints read, each a single string (RFC 7644 §3.4.2). */
export interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

/** Keeps the first value of a repeated query parameter, so every parameter is one string. */
export function singleValued(query: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (query === null || typeof query !== 'object') return result;
  for (const [key, value] of Object.entries(query)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') result[key] = first;
  }
  return result;
}
