import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, ConfluenceError, notFound } from './errors.ts';
import { list, queryOf, single, siteBase } from './request-params.ts';
import { v1Page, v1Window } from './v1-paging.ts';
import { byName, currentAccount, v1BulkUser, v1Group, v1User } from './v1-shapes.ts';
import { registerUserSearch } from './v1-user-search.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get */
const USER = '/rest/api/user';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-current-get */
const CURRENT_USER = '/rest/api/user/current';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-bulk-get */
const USERS_BULK = '/rest/api/user/bulk';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-memberof-get */
const MEMBER_OF = '/rest/api/user/memberof';

/** Registers the v1 user reads: one user, the caller, a bulk lookup, a user's groups, and CQL user search. */
export function registerV1Users(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(USER, async (request) => {
    const account = accountFromQuery(ctx.state, single(queryOf(request), 'accountId'));
    return v1User(account, siteBase(request));
  });

  app.get(CURRENT_USER, async (request) => {
    const account = currentAccount(ctx.state);
    if (account === undefined) throw new ConfluenceError(403, 'The site credentials have no account');
    return v1User(account, siteBase(request));
  });

  app.get(USERS_BULK, async (request) => {
    const query = queryOf(request);
    const ids = list(query, 'accountId');
    if (ids.length === 0) throw badRequest('At least one accountId is required');
    const window = v1Window(query, { limit: 200, max: 200 });
    const accounts = ids.flatMap((id) => {
      const account = ctx.state.accounts.get(id);
      return account === undefined ? [] : [account];
    });
    const page = v1Page(request, accounts, { start: 0, limit: window.limit });
    const base = siteBase(request);
    return { ...page, results: page.results.map((account) => v1BulkUser(account, base)) };
  });

  app.get(MEMBER_OF, async (request) => {
    const query = queryOf(request);
    const account = accountFromQuery(ctx.state, single(query, 'accountId'));
    const groups = byName(ctx.state.groupsOf(account.accountId));
    const page = v1Page(request, groups, v1Window(query, { limit: 200, max: 200 }));
    const base = siteBase(request);
    return { ...page, results: page.results.map((group) => v1Group(group, base)) };
  });

  registerUserSearch(app, ctx);
}

function accountFromQuery(state: SiteState, accountId: string | undefined): Account {
  if (accountId === undefined || accountId === '') throw badRequest('The accountId is required');
  const account = state.accounts.get(accountId);
  if (account === undefined) throw notFound(`No user found with accountId : ${accountId}`);
  return account;
}
