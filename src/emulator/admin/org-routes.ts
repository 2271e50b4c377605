import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { absolutePath, pageLinks, pageOf } from './cursor.ts';
import { v1User } from './user-view.ts';

/**
 * Page size of `GET /admin/v1/orgs/{orgId}/users`: 50, as Atlassian's own tracker reports
 * (https://jira.atlassian.com/browse/AX-243 "return only 50 records").
 */
const V1_USERS_PAGE_SIZE = 50;

/** `GET /admin/v1/orgs`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-orgs/#api-v1-orgs-get */
const ORGS = '/v1/orgs';
/** `GET /admin/v1/orgs/{orgId}`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-orgs/ */
const ORG = '/v1/orgs/:orgId';
/** `GET /admin/v1/orgs/{orgId}/users`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/ */
const ORG_USERS = '/v1/orgs/:orgId/users';

/** The name the emulated organization shows: its site name, capitalised (`acme` is `Acme`). */
export function orgName(state: SiteState): string {
  const name = state.site.siteName;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

function orgModel(state: SiteState, request: FastifyRequest): Record<string, unknown> {
  const self = absolutePath(request, `/admin/v1/orgs/${state.site.orgId}`);
  return {
    id: state.site.orgId,
    type: 'orgs',
    attributes: { name: orgName(state) },
    relationships: {
      domains: { links: { related: `${self}/domains` } },
      users: { links: { related: `${self}/users` } },
    },
    links: { self },
  };
}

/**
 * The managed accounts' ids in creation order (deleted, `closed`, ones are gone from the list), kept by
 * the state until it next changes (a large site has 100,000 accounts, and each page would otherwise scan them all).
 */
function managedAccountIds(state: SiteState): string[] {
  return state.derived.get('admin.managed-account-ids', () =>
    state.accountOrder.filter((accountId) => {
      const account = state.accounts.get(accountId);
      return account?.managed === true && account.accountStatus !== 'closed';
    }),
  );
}

/** Registers the organization and managed-account list routes (scope prefix `/admin`). */
export function registerOrgRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Querystring: { cursor?: string } }>(ORGS, async (request) => {
    const page = pageOf('orgs', [ctx.state.site.orgId], request.query.cursor, 20);
    return {
      data: page.items.map(() => orgModel(ctx.state, request)),
      links: pageLinks(request, 'orgs', page),
    };
  });

  app.get(ORG, async (request) => ({ data: orgModel(ctx.state, request) }));

  app.get<{ Querystring: { cursor?: string } }>(ORG_USERS, async (request) => {
    const { state } = ctx;
    const managed = managedAccountIds(state);
    const page = pageOf('users', managed, request.query.cursor, V1_USERS_PAGE_SIZE);
    const origin = absolutePath(request, '');
    return {
      data: page.items.map((accountId) => v1User(state, state.requireAccount(accountId), origin)),
      meta: { total: managed.length },
      links: pageLinks(request, 'users', page),
    };
  });
}
