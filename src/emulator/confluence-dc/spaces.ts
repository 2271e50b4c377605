import type { FastifyInstance } from 'fastify';
import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcSpace } from '../state/datacenter/model.ts';
import { type DcCaller, requireUse } from './auth.ts';
import { type DcContext, dcRequest } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import { pageOf, pageParams } from './paging.ts';
import { spaceOf } from './shapes.ts';
import { canView } from './visibility.ts';

/** `GET /rest/api/space` (reference §6.1): `spaceKey` (repeatable), `type`, `status`, `start`, `limit` (25). */
const SPACES = '/rest/api/space';
/** `GET /rest/api/space/{spaceKey}`. */
const SPACE = '/rest/api/space/:spaceKey';

type SpaceQuery = {
  spaceKey?: string | string[];
  type?: string;
  status?: string;
  start?: string;
  limit?: string;
};

/** Registers the space read routes: the caller sees the spaces it may view. */
export function registerSpaceRoutes(app: FastifyInstance, ctx: DcContext): void {
  app.get<{ Querystring: SpaceQuery }>(SPACES, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUse(state, caller);
    const { type, status } = request.query;
    if (type !== undefined && type !== 'global' && type !== 'personal')
      throw badRequest(`Invalid space type: ${type}`);
    if (status !== undefined && status !== 'current' && status !== 'archived')
      throw badRequest(`Invalid space status: ${status}`);
    const keys = request.query.spaceKey === undefined ? null : new Set([request.query.spaceKey].flat());
    const spaces = visibleSpaces(state, caller).filter(
      (space) =>
        (keys === null || keys.has(space.key)) &&
        (type === undefined || space.type === type) &&
        (status === undefined || space.status === status),
    );
    const body = pageOf(spaces, pageParams(request.query, 25, 500), links, request);
    return { ...body, results: (body.results as DcSpace[]).map((space) => spaceOf(space, links)) };
  });

  app.get<{ Params: { spaceKey: string } }>(SPACE, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUse(state, caller);
    return spaceOf(findSpace(state, caller, request.params.spaceKey), links);
  });
}

/** The space with this key that the caller may see, or a 404 (Confluence answers both the same). */
export function findSpace(state: DcState, caller: DcCaller, key: string): DcSpace {
  const space = state.spaceByKeyName(key);
  if (space === undefined || !canView(state, caller, space)) throw notFound(`No space with key : ${key}`);
  return space;
}

function visibleSpaces(state: DcState, caller: DcCaller): DcSpace[] {
  const all = state.derived.get('dc.spaces', () =>
    state.spaceOrder.flatMap((id) => state.spaces.get(id) ?? []),
  );
  if (caller.kind === 'user' && state.isAdmin(caller.user.userKey)) return all;
  return all.filter((space) => canView(state, caller, space));
}
