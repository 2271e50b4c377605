import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import { createLocalGroup } from '../state/cloud/local-group.ts';
import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, ConfluenceError, notFound } from './errors.ts';
import { cachedList } from './list-cache.ts';
import { oneOf, queryOf, single, siteBase } from './request-params.ts';
import { groupMembershipWrites } from './v1-group-members.ts';
import { v1Page, v1Window } from './v1-paging.ts';
import { byName, requireSiteAdmin, SITE_ADMIN_GROUP, v1Group, v1User } from './v1-shapes.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-get */
const GROUPS = '/rest/api/group';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-by-id-get */
const GROUP_BY_ID = '/rest/api/group/by-id';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-groupid-membersbygroupid-get */
const MEMBERS = '/rest/api/group/:groupId/membersByGroupId';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-picker-get */
const PICKER = '/rest/api/group/picker';

/** Registers the v1 group endpoints: list, by id, members, picker, create, delete, and member writes. */
export function registerV1Groups(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(GROUPS, async (request) => {
    const query = queryOf(request);
    const accessType = oneOf(query, 'accessType', ['user', 'admin', 'site-admin'] as const);
    const groups = byName(ctx.state.groups.values()).filter((g) => carriesAccess(g, accessType));
    const page = v1Page(request, groups, v1Window(query, { limit: 200, max: 200 }));
    const base = siteBase(request);
    return { ...page, results: page.results.map((group) => v1Group(group, base)) };
  });

  app.get(GROUP_BY_ID, async (request) =>
    v1Group(groupFromQuery(ctx.state, single(queryOf(request), 'id')), siteBase(request)),
  );

  app.get(MEMBERS, async (request) => {
    const query = queryOf(request);
    const group = requireGroup(ctx.state, (request.params as { groupId: string }).groupId);
    const window = v1Window(query, { limit: 200, max: 200, rejectAbove: true });
    // A product group on a large site has 60,000 members: build its list once per state change, not per page.
    const members = cachedList(ctx.state, `members ${group.id}`, () =>
      [...group.members].flatMap((id) => {
        const account = ctx.state.accounts.get(id);
        return account === undefined ? [] : [account];
      }),
    );
    const page = v1Page(request, members, window);
    const base = siteBase(request);
    const total = single(query, 'shouldReturnTotalSize') === 'true' ? { totalSize: members.length } : {};
    return { ...page, ...total, results: page.results.map((account) => v1User(account, base)) };
  });

  app.get(PICKER, async (request) => {
    const query = queryOf(request);
    const needle = (single(query, 'query') ?? '').toLowerCase();
    const groups = byName(ctx.state.groups.values()).filter((g) => g.name.toLowerCase().includes(needle));
    const page = v1Page(request, groups, v1Window(query, { limit: 200, max: 200 }));
    const base = siteBase(request);
    const total = single(query, 'shouldReturnTotalSize') === 'true' ? { totalSize: groups.length } : {};
    return { ...page, ...total, results: page.results.map((group) => v1Group(group, base)) };
  });

  app.post(GROUPS, async (request, reply) => {
    requireSiteAdmin(ctx.state);
    const name = nameFromBody(request.body);
    if (ctx.state.groupByGroupName(name) !== undefined)
      throw badRequest(`A group named ${name} already exists`);
    const group = createLocalGroup(ctx.state, { name }, originOf('confluence', request));
    return reply.code(201).send(v1Group(group, siteBase(request)));
  });

  app.delete(GROUP_BY_ID, async (request, reply) => {
    requireSiteAdmin(ctx.state);
    const group = groupFromQuery(ctx.state, single(queryOf(request), 'id'));
    ctx.state.deleteGroup(group.id, originOf('confluence', request));
    return reply.code(204).send();
  });

  groupMembershipWrites(app, ctx);
}

function carriesAccess(group: Group, accessType: 'user' | 'admin' | 'site-admin' | undefined): boolean {
  if (accessType === undefined) return true;
  if (accessType === 'site-admin') return group.name === SITE_ADMIN_GROUP;
  return group.productGrants.some((grant) => grant.product === 'confluence' && grant.role === accessType);
}

function groupFromQuery(state: SiteState, id: string | undefined): Group {
  if (id === undefined || id === '') throw badRequest('The group id is required');
  return requireGroup(state, id);
}

/** The group with this id, or a v1 404. */
function requireGroup(state: SiteState, id: string): Group {
  const group = state.groups.get(id);
  if (group === undefined) throw notFound(`No group found with id : ${id}`);
  return group;
}

function nameFromBody(body: unknown): string {
  const name = typeof body === 'object' && body !== null && 'name' in body ? body.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('The group name is required');
  if (name.length > 255) throw new ConfluenceError(400, 'The group name is too long');
  return name;
}
