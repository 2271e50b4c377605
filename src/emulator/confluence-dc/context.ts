import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcUser } from '../state/datacenter/model.ts';
import { DC_RELEASES, type DcFeatures } from '../state/datacenter/versions.ts';
import { type DcCaller, resolveCaller } from './auth.ts';
import { notFound } from './errors.ts';
import { type DcLinks, linksOf } from './paging.ts';

/** What every Data Center route reads: the shared emulator context over a Data Center state. */
export type DcContext = EmulatorContext<DcState>;

/** One request's view: the state, its caller and the links its answers carry. */
export interface DcRequest {
  state: DcState;
  caller: DcCaller;
  links: DcLinks;
}

/** Resolves the caller and links of a request (the state is read per request: a reset replaces it). */
export function dcRequest(ctx: DcContext, request: FastifyRequest): DcRequest {
  const state = ctx.state;
  return {
    state,
    caller: resolveCaller(state, request),
    links: linksOf(request, state.instance.contextPath),
  };
}

/** Refuses, as a release without the endpoint does (the REST plugin's 404), what this version lacks. */
export function requireFeature(state: DcState, feature: keyof DcFeatures): void {
  if (!DC_RELEASES[state.instance.version].features[feature])
    throw notFound(`null for uri: not available in Confluence ${state.instance.fullVersion}`);
}

/** The user named by `username` or `key` (reference §3), or a 404. */
export function findUser(state: DcState, query: { username?: string; key?: string }): DcUser {
  const user =
    query.key !== undefined
      ? state.accounts.get(query.key)
      : query.username !== undefined
        ? state.userByUsername(query.username)
        : undefined;
  if (user === undefined)
    throw notFound(
      `No user found with ${query.key !== undefined ? `key: ${query.key}` : `username: ${query.username ?? ''}`}`,
    );
  return user;
}
