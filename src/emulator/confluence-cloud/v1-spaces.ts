import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { Space } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, notFound } from './errors.ts';
import { cachedList } from './list-cache.ts';
import { expansions, list, oneOf, type Query, queryOf, single, siteBase } from './request-params.ts';
import { v1Space } from './space-shapes.ts';
import { v1Page, v1Window } from './v1-paging.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space/#api-wiki-rest-api-space-get */
const SPACES = '/rest/api/space';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space/#api-wiki-rest-api-space-spacekey-get */
const SPACE = '/rest/api/space/:spaceKey';

/** The largest page the v1 space list serves; larger limits are lowered to it (measured: brekkylab/backlot). */
const V1_SPACE_LIMIT_MAX = 1000;
/** The largest page the v1 space list serves with `expand=permissions` (see docs/atlassian-behaviour.md). */
const V1_SPACE_PERMISSIONS_LIMIT_MAX = 50;

/** Registers the v1 space reads: the list sorted by key, and one space by key, both with `expand`. */
export function registerV1Spaces(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(SPACES, async (request) => {
    const query = queryOf(request);
    const expand = expansions(query);
    const max = expand.has('permissions') ? V1_SPACE_PERMISSIONS_LIMIT_MAX : V1_SPACE_LIMIT_MAX;
    const window = v1Window(query, { limit: 25, max });
    const spaces = cachedList(
      ctx.state,
      `space ${JSON.stringify(query, ['spaceKey', 'spaceId', 'type', 'status', 'label', 'favourite'])}`,
      () => filteredSpaces(ctx.state, query),
    );
    const page = v1Page(request, spaces, window);
    const base = siteBase(request);
    return { ...page, results: page.results.map((space) => v1Space(ctx.state, space, base, expand)) };
  });

  app.get(SPACE, async (request) => {
    const { spaceKey } = request.params as { spaceKey: string };
    const space = ctx.state.spaceByKeyName(spaceKey);
    if (space === undefined) throw notFound(`No space with key : ${spaceKey}`);
    const base = siteBase(request);
    const body = v1Space(ctx.state, space, base, expansions(queryOf(request)));
    body._links = { ...(body._links as object), context: '/wiki', collection: '/rest/api/space', base };
    return body;
  });
}

function filteredSpaces(state: SiteState, query: Query): Space[] {
  const keys = new Set(list(query, 'spaceKey'));
  const rawIds = list(query, 'spaceId');
  if (rawIds.some((id) => !/^\d+$/.test(id)))
    throw badRequest(`Provided value for 'spaceId' is not a number`);
  const ids = new Set(rawIds.map(Number));
  const type = oneOf(query, 'type', ['global', 'personal'] as const);
  const status = oneOf(query, 'status', ['current', 'archived'] as const);
  if (keys.size > 0 && ![...keys].some((key) => state.spaceByKeyName(key) !== undefined))
    throw notFound(`No space with key : ${[...keys].join(',')}`);
  // No emulated space carries a label or is anyone's favourite, so those filters match nothing.
  if (list(query, 'label').length > 0 || single(query, 'favourite') === 'true') return [];
  const spaces: Space[] = [];
  for (const space of state.spaces.values()) {
    if (keys.size > 0 && !keys.has(space.key)) continue;
    if (ids.size > 0 && !ids.has(space.id)) continue;
    if (type !== undefined && space.type !== type) continue;
    if (status !== undefined && space.status !== status) continue;
    spaces.push(space);
  }
  return spaces.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
