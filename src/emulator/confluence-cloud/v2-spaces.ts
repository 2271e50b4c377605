import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { Space } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, notFound } from './errors.ts';
import { cachedList } from './list-cache.ts';
import { flag, list, oneOf, type Query, queryOf, single, siteBase } from './request-params.ts';
import { v2PermissionRows, v2Space, v2SpacePermission } from './space-shapes.ts';
import { compareKeys, cursorAfter, type Keyset, v2Page } from './v2-paging.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get */
const SPACES = '/api/v2/spaces';
/** https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-id-get */
const SPACE = '/api/v2/spaces/:id';
/** https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-permissions/#api-spaces-id-permissions-get */
const SPACE_PERMISSIONS = '/api/v2/spaces/:id/permissions';

const SORTS = ['id', '-id', 'key', '-key', 'name', '-name'] as const;
const EMBEDDED_MAX = 50;

/** Registers the v2 space reads: the space list, one space, and a space's permission assignments. */
export function registerV2Spaces(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(SPACES, async (request, reply) => {
    const query = queryOf(request);
    const key = JSON.stringify(query, ['ids', 'keys', 'type', 'status', 'sort', 'labels', 'favorited-by']);
    const spaces = cachedList(ctx.state, `v2 spaces ${key}`, () => filteredSpaces(ctx.state, query));
    const page = v2Page(request, reply, spaces, query, spaceKeyset(oneOf(query, 'sort', SORTS) ?? 'id'));
    return { ...page, results: page.results.map((space) => v2Space(space, displayOptions(query))) };
  });

  app.get(SPACE, async (request) => {
    const query = queryOf(request);
    const space = spaceById(ctx.state, request);
    const body: Record<string, unknown> = v2Space(space, displayOptions(query));
    if (flag(query, 'include-permissions', false)) {
      const rows = v2PermissionRows(space);
      const shown = rows.slice(0, EMBEDDED_MAX);
      const last = shown.at(-1);
      const hasMore = rows.length > EMBEDDED_MAX && last !== undefined;
      body.permissions = {
        results: shown.map(v2SpacePermission),
        meta: hasMore ? { hasMore, cursor: cursorAfter([last.id]) } : { hasMore: false },
        _links: { self: `/wiki/api/v2/spaces/${space.id}/permissions` },
      };
    }
    body._links = { ...(body._links as object), base: siteBase(request) };
    return body;
  });

  app.get(SPACE_PERMISSIONS, async (request, reply) => {
    const space = spaceById(ctx.state, request);
    const rows = v2PermissionRows(space);
    const page = v2Page(request, reply, rows, queryOf(request), { keyOf: (row) => [row.id] });
    return { ...page, results: page.results.map(v2SpacePermission) };
  });
}

function displayOptions(query: Query): { descriptionFormat?: 'plain' | 'view'; includeIcon: boolean } {
  const descriptionFormat = oneOf(query, 'description-format', ['plain', 'view'] as const);
  const includeIcon = flag(query, 'include-icon', false);
  return descriptionFormat === undefined ? { includeIcon } : { descriptionFormat, includeIcon };
}

function spaceById(state: SiteState, request: FastifyRequest): Space {
  const raw = (request.params as { id: string }).id;
  if (!/^\d+$/.test(raw)) throw badRequest(`Provided value {${raw}} for 'id' is not the correct type.`);
  const space = state.spaces.get(Number(raw));
  if (space === undefined) throw notFound(`Space ${raw} was not found`);
  return space;
}

function filteredSpaces(state: SiteState, query: Query): Space[] {
  const ids = list(query, 'ids');
  const keys = list(query, 'keys');
  if (ids.length > 250 || keys.length > 250) throw badRequest('At most 250 ids or keys may be given.');
  if (ids.some((id) => !/^\d+$/.test(id)))
    throw badRequest(`Provided value for 'ids' is not the correct type.`);
  const type = oneOf(query, 'type', ['global', 'collaboration', 'knowledge_base', 'personal'] as const);
  const status = oneOf(query, 'status', ['current', 'archived'] as const);
  const sort = oneOf(query, 'sort', SORTS) ?? 'id';
  // No emulated space carries a label or is anyone's favourite, so those filters match nothing.
  if (list(query, 'labels').length > 0 || single(query, 'favorited-by') !== undefined) return [];
  const idSet = new Set(ids.map(Number));
  const keySet = new Set(keys);
  const spaces = state.spaceOrder.flatMap((id) => {
    const space = state.spaces.get(id);
    if (space === undefined) return [];
    if (idSet.size > 0 && !idSet.has(space.id)) return [];
    if (keySet.size > 0 && !keySet.has(space.key)) return [];
    if (type !== undefined && space.type !== type) return [];
    if (status !== undefined && space.status !== status) return [];
    return [space];
  });
  return sortSpaces(spaces, sort);
}

function spaceKeyset(sort: (typeof SORTS)[number]): Keyset<Space> {
  const field = sort.replace('-', '') as 'id' | 'key' | 'name';
  return {
    keyOf: (space) => (field === 'id' ? [space.id] : [space[field], space.id]),
    descending: sort.startsWith('-'),
  };
}

function sortSpaces(spaces: Space[], sort: (typeof SORTS)[number]): Space[] {
  const { keyOf, descending } = spaceKeyset(sort);
  const sign = descending === true ? -1 : 1;
  return [...spaces].sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
}
