import type { FastifyInstance } from 'fastify';
import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcGroup } from '../state/datacenter/model.ts';
import { requireUser } from './auth.ts';
import { type DcContext, dcRequest } from './context.ts';
import { notFound } from './errors.ts';
import { pageOf, pageParams } from './paging.ts';
import { expansions, groupOf, membersOf, personOf } from './shapes.ts';

/** `GET /rest/api/group` (reference §4): every group, `limit` default and cap 200. */
const GROUPS = '/rest/api/group';
/** `GET /rest/api/group/{groupName}`. */
const GROUP = '/rest/api/group/:groupName';
/** `GET /rest/api/group/{groupName}/member`: direct user members. */
const MEMBERS = '/rest/api/group/:groupName/member';

type PageQuery = { start?: string; limit?: string; expand?: string };

/** Registers the group read routes. */
export function registerGroupRoutes(app: FastifyInstance, ctx: DcContext): void {
  app.get<{ Querystring: PageQuery }>(GROUPS, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUser(state, caller);
    const groups = state.derived.get('dc.groups', () =>
      [...state.groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
    );
    const body = pageOf(groups, pageParams(request.query, 200, 200), links, request);
    return { ...body, results: (body.results as DcGroup[]).map((group) => groupOf(group, links)) };
  });

  app.get<{ Params: { groupName: string } }>(GROUP, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUser(state, caller);
    return groupOf(findGroup(state, request.params.groupName), links);
  });

  app.get<{ Params: { groupName: string }; Querystring: PageQuery }>(MEMBERS, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUser(state, caller);
    const members = membersOf(state, findGroup(state, request.params.groupName));
    const expand = expansions(request.query.expand);
    const body = pageOf(members, pageParams(request.query, 200, 200), links, request);
    return {
      ...body,
      results: (body.results as typeof members).map((user) => personOf(user, links, expand)),
    };
  });
}

/** The group with this name (case-insensitive), or a 404. */
export function findGroup(state: DcState, name: string): DcGroup {
  const group = state.groupByGroupName(name);
  if (group === undefined) throw notFound(`No group found with name: ${name}`);
  return group;
}
