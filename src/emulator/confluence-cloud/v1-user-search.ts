import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest } from './errors.ts';
import { cachedList } from './list-cache.ts';
import { oneOf, queryOf, single, siteBase } from './request-params.ts';
import { compileUserCql } from './user-cql.ts';
import { v1Page, v1Window } from './v1-paging.ts';
import { v1User } from './v1-shapes.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/#api-wiki-rest-api-search-user-get */
const SEARCH_USER = '/rest/api/search/user';

/** The largest page of the CQL user search, unconfirmed (see docs/atlassian-behaviour.md). */
const USER_SEARCH_LIMIT_MAX = 1000;

type SitePermissionFilter = 'none' | 'externalCollaborator' | 'all';

/**
 * Registers CQL user search. `sitePermissionTypeFilter=none` (the default) returns licensed users:
 * active accounts with Confluence access that are not guests; `externalCollaborator` returns guests;
 * `all` returns every person and app account that is not closed.
 */
export function registerUserSearch(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(SEARCH_USER, async (request) => {
    const started = Date.now();
    const query = queryOf(request);
    const cql = single(query, 'cql');
    if (cql === undefined || cql.trim() === '') throw badRequest('The cql parameter is required');
    const predicate = compileUserCql(cql);
    const filter = oneOf(query, 'sitePermissionTypeFilter', ['none', 'externalCollaborator', 'all'] as const);
    const matches = cachedList(ctx.state, `search/user ${filter ?? 'none'} ${cql}`, () =>
      searchable(ctx.state, filter ?? 'none').filter(predicate),
    );
    const page = v1Page(request, matches, v1Window(query, { limit: 25, max: USER_SEARCH_LIMIT_MAX }));
    const base = siteBase(request);
    return {
      ...page,
      results: page.results.map((account) => ({
        user: v1User(account, base),
        title: account.displayName,
        excerpt: '',
        url: `/people/${account.accountId}`,
        breadcrumbs: [],
        entityType: 'user',
        iconCssClass: 'aui-icon content-type-profile',
        lastModified: account.updatedAt,
        score: 0,
      })),
      totalSize: matches.length,
      cqlQuery: cql,
      searchDuration: Date.now() - started,
    };
  });
}

function searchable(state: SiteState, filter: SitePermissionFilter): Account[] {
  return state.accountOrder.flatMap((id) => {
    const account = state.accounts.get(id);
    if (account === undefined || account.accountType === 'customer' || account.accountStatus === 'closed')
      return [];
    if (filter === 'all') return [account];
    if (account.accountStatus !== 'active' || !state.hasProduct(account.accountId, 'confluence')) return [];
    return account.guest === (filter === 'externalCollaborator') ? [account] : [];
  });
}
