import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../http/context.ts';
import type { ProductKey } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { parseAdminBody } from './admin-body.ts';
import { AdminApiError } from './admin-error.ts';
import { absolutePath } from './cursor.ts';
import { adminProductKey } from './user-view.ts';
import { resourceIdOf } from './v2-views.ts';

/** `GET /admin/v1/orgs/{orgId}/domains`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-domains/ */
const DOMAINS = '/v1/orgs/:orgId/domains';
/** `GET /admin/v1/orgs/{orgId}/domains/{domainId}` (same reference). */
const DOMAIN = '/v1/orgs/:orgId/domains/:domainId';
/** `POST /admin/v2/orgs/{orgId}/workspaces`: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-workspaces/ */
const WORKSPACES = '/v2/orgs/:orgId/workspaces';

/** A stable id for the org's verified domain, derived from the org id and the domain name. */
function domainId(state: SiteState): string {
  const hex = createHash('sha256').update(`${state.site.orgId}:${state.site.domain}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function domainModel(state: SiteState, request: FastifyRequest): Record<string, unknown> {
  const id = domainId(state);
  return {
    id,
    type: 'domains',
    attributes: { name: state.site.domain, claim: { type: 'dns', status: 'verified' } },
    links: { self: absolutePath(request, `/admin/v1/orgs/${state.site.orgId}/domains/${id}`) },
  };
}

/** The products the site runs: Confluence always, the others when some group grants them. */
function siteProducts(state: SiteState): ProductKey[] {
  const products = new Set<ProductKey>(['confluence']);
  for (const group of state.groups.values())
    for (const grant of group.productGrants) products.add(grant.product);
  return [...products];
}

/** A query operand of the workspaces search (spec `QueryVariants`); unknown operands are no-ops. */
type Operand = {
  and?: Operand[];
  field?: { name?: string; values?: string[] };
  value?: string;
  searchWorkspaces?: string;
};

const SearchInput = z.object({
  query: z.unknown().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  sort: z.unknown().optional(),
  cursor: z.string().nullable().optional(),
});

function operandMatches(operand: Operand, workspace: Record<string, string>): boolean {
  if (Array.isArray(operand.and)) return operand.and.every((inner) => operandMatches(inner, workspace));
  const { field } = operand;
  if (field?.name !== undefined && Array.isArray(field.values) && field.values.length > 0) {
    return field.values.includes(workspace[field.name.replace(/^attributes\./, '')] ?? '');
  }
  // The schema calls the text `value`; the document's own example sends `searchWorkspaces`.
  const text = operand.value ?? operand.searchWorkspaces;
  if (typeof text === 'string') {
    return `${workspace.name} ${workspace.hostUrl}`.toLowerCase().includes(text.toLowerCase());
  }
  return true;
}

/** Registers the verified-domain routes and the v2 workspaces search. */
export function registerDomainWorkspaceRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(DOMAINS, async (request) => ({ data: [domainModel(ctx.state, request)], links: {} }));

  app.get<{ Params: { orgId: string; domainId: string } }>(DOMAIN, async (request) => {
    if (request.params.domainId !== domainId(ctx.state)) {
      throw new AdminApiError(404, 'ADMIN-404-3', `Domain ${request.params.domainId} was not found`);
    }
    return { data: domainModel(ctx.state, request) };
  });

  app.post(WORKSPACES, async (request) => {
    const { state } = ctx;
    const { input, offset } = readWorkspaceSearch(request.body);
    const all = siteProducts(state).map((product) => ({
      id: resourceIdOf(state, product),
      name: state.site.siteName,
      type: adminProductKey(product),
      typeKey: adminProductKey(product),
      hostUrl: `${state.site.siteName}.atlassian.net`,
    }));
    const query = (typeof input.query === 'object' && input.query !== null ? input.query : {}) as Operand;
    const matching = all.filter((workspace) => operandMatches(query, workspace));
    const limit = input.limit ?? 20;
    const end = Math.min(offset + limit, matching.length);
    const data = matching.slice(offset, end).map(({ id, ...attributes }) => ({
      id,
      type: 'workspaces',
      attributes: { ...attributes, owner: state.site.orgId, status: 'online', realm: 'us', regions: ['us'] },
      links: { self: absolutePath(request, `/admin/v2/orgs/${state.site.orgId}/workspaces/${id}`) },
    }));
    const next = end < matching.length ? workspaceCursor({ ...input, cursor: undefined }, end) : undefined;
    return {
      data,
      links: { self: absolutePath(request), ...(next === undefined ? {} : { next }) },
      meta: { pageSize: limit, startIndex: offset, endIndex: end, total: matching.length },
    };
  });
}

type SearchRequest = z.infer<typeof SearchInput>;

function workspaceCursor(input: SearchRequest, offset: number): string {
  return Buffer.from(JSON.stringify({ offset, input }), 'utf8').toString('base64url');
}

/**
 * Reads a workspaces search body; a cursor (spec: "a base-64 encoded continuation token") must come
 * alone and carries the search it continues. Anything else wrong is 400 `ADMIN-400-4`.
 */
function readWorkspaceSearch(body: unknown): { input: SearchRequest; offset: number } {
  const input = parseAdminBody(SearchInput, body ?? {});
  if (input.cursor === undefined || input.cursor === null) return { input, offset: 0 };
  const invalid = new AdminApiError(
    400,
    'ADMIN-400-4',
    'The cursor is not valid, or other properties came with it',
  );
  if (Object.keys(input).length > 1) throw invalid;
  try {
    const decoded = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')) as {
      offset?: unknown;
      input?: unknown;
    };
    if (typeof decoded.offset === 'number' && Number.isInteger(decoded.offset) && decoded.offset >= 0) {
      return { input: parseAdminBody(SearchInput, decoded.input), offset: decoded.offset };
    }
  } catch {
    // Falls through to the invalid-cursor error.
  }
  throw invalid;
}
