import type { FastifyInstance } from 'fastify';
import { requireAdmin, requireUser } from './auth.ts';
import { type DcContext, dcRequest, findUser, requireFeature } from './context.ts';
import { badRequest } from './errors.ts';
import { pageOf, pageParams } from './paging.ts';
import { anonymousOf, expansions, groupOf, personOf } from './shapes.ts';

/** `GET /rest/api/user?username=|key=` (reference §3). */
const USER = '/rest/api/user';
/** `GET /rest/api/user/current`: the caller, or anonymous. */
const CURRENT = '/rest/api/user/current';
/** `GET /rest/api/user/anonymous`. */
const ANONYMOUS = '/rest/api/user/anonymous';
/** `GET /rest/api/user/memberof?username=|key=`: the user's groups. */
const MEMBER_OF = '/rest/api/user/memberof';
/** `GET /rest/api/user/list` (8.4+): every user, disabled and unlicensed included. */
const LIST = '/rest/api/user/list';

type UserQuery = { username?: string; key?: string; expand?: string; start?: string; limit?: string };

/** Registers the user read routes. */
export function registerUserRoutes(app: FastifyInstance, ctx: DcContext): void {
  app.get<{ Querystring: UserQuery }>(USER, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUser(state, caller);
    if (request.query.username === undefined && request.query.key === undefined)
      throw badRequest('Either a username or a key must be given');
    return personOf(findUser(state, request.query), links, expansions(request.query.expand));
  });

  app.get<{ Querystring: UserQuery }>(CURRENT, async (request) => {
    const { caller, links } = dcRequest(ctx, request);
    if (caller.kind === 'anonymous') return anonymousOf(links);
    return personOf(caller.user, links, expansions(request.query.expand));
  });

  app.get(ANONYMOUS, async (request) => anonymousOf(dcRequest(ctx, request).links));

  app.get<{ Querystring: UserQuery }>(MEMBER_OF, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireUser(state, caller);
    const user = findUser(state, request.query);
    const groups = state.groupsOf(user.userKey).sort((a, b) => a.name.localeCompare(b.name));
    return pageOf(
      groups.map((group) => groupOf(group, links)),
      pageParams(request.query, 200, 200),
      links,
      request,
    );
  });

  app.get<{ Querystring: UserQuery }>(LIST, async (request) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireFeature(state, 'adminUserCreate');
    if (caller.kind === 'anonymous') requireAdmin(state, caller);
    requireUser(state, caller);
    const expand = expansions(request.query.expand);
    const users = state.derived.get('dc.user-list', () =>
      state.accountOrder.flatMap((key) => state.accounts.get(key) ?? []),
    );
    const page = pageParams(request.query, 200, 200);
    const body = pageOf(users, page, links, request);
    return { ...body, results: (body.results as typeof users).map((user) => personOf(user, links, expand)) };
  });
}
