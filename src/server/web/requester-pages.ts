import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type CatalogSort, type Governance, REQUEST_STATUSES, type Store } from '../../core/index.ts';
import { listCatalog } from '../views/catalog.ts';
import { listRequests, type RequestView } from '../views/requests.ts';
import { registerCatalogAdmin } from './catalog-admin.ts';
import {
  cursorParam,
  emptyResult,
  entitlementTypeFilter,
  href,
  pager,
  risk,
  searchForm,
  selectField,
  sortHeader,
  statusText,
  type TableOrder,
  when,
} from './components.ts';
import { html, type SafeHtml } from './html.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import { registerMyAccessPage } from './my-access-page.ts';
import type { PageKit } from './page-kit.ts';
import { requestDetail } from './request-detail.ts';
import { registerRequestForm } from './request-form.ts';
import { registerRevokeForm } from './revoke-form.ts';
import { orderFields, type SortColumn, sortableHeaders, sortParams, tableOrder } from './table-sort.ts';

const REQUESTERS = ['requester', 'administrator'] as const;
const listQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  status: z.string().max(40).optional(),
  scope: z.enum(['mine', 'visible', '']).optional(),
  sort: z.enum(['created', '']).optional(),
  dir: z.enum(['asc', 'desc', '']).optional(),
  cursor: cursorParam,
});
/** The catalog table's sortable columns; by type (then name) unless the person chooses. */
const CATALOG_COLUMNS = [
  { sort: 'name', label: 'Name', first: 'asc' },
  { sort: 'type', label: 'Type', first: 'asc' },
  { sort: 'key', label: 'Key', first: 'asc' },
  { sort: 'risk', label: 'Risk', first: 'desc' },
] as const satisfies ReadonlyArray<SortColumn<CatalogSort>>;
const catalogQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  type: z.enum(['group', 'space', '']).optional(),
  ...sortParams(CATALOG_COLUMNS),
  cursor: cursorParam,
});

/** Who a request is for and, when someone asked for another person, who asked ("you" for the viewer). */
function forCell(r: RequestView, viewerEmail: string | undefined): SafeHtml {
  if (r.requester.id === r.beneficiary.id) return html`${r.beneficiary.name}`;
  const byViewer =
    r.requester.email !== null && r.requester.email.toLowerCase() === viewerEmail?.toLowerCase();
  return html`${r.beneficiary.name}<br><span class="muted">requested by ${byViewer ? 'you' : r.requester.name}</span>`;
}

/** Catalog search, the request form, and "my requests" for requesters. */
export function registerRequesterPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  app.get('/catalog', async (request, reply) => {
    kit.require(request, REQUESTERS);
    const { data: query, typed, problems } = readListQuery(catalogQuery, request.query);
    const type = query.type === '' ? undefined : query.type;
    const order = tableOrder(CATALOG_COLUMNS, 'type', query.sort, query.dir);
    const { page, cursor } = await withCursorProblem(problems, query.cursor, (at) =>
      listCatalog(store, {
        q: query.q,
        type,
        sort: order.sort,
        direction: order.dir,
        cursor: at,
        limit: 25,
        withTotal: true,
      }),
    );
    const typeFilter = html`${entitlementTypeFilter(type)}${orderFields(order)}`;
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      'Catalog',
      html`${problemsAlert(problems)}${searchForm('/catalog', 'Search groups and spaces', typed.q ?? query.q, typeFilter)}
<div class="table-wrap"><table id="catalog"><caption>Requestable groups and spaces${page.total === undefined ? '' : ` (${page.total.toLocaleString('en')})`}</caption>
<thead>${sortableHeaders('/catalog', { q: query.q, type }, order, [...CATALOG_COLUMNS, html`<span class="muted">Action</span>`])}</thead>
<tbody>${page.items.map(
        (
          item,
        ) => html`<tr><td>${item.name}</td><td>${item.type}</td><td><code>${item.key}</code></td><td>${risk(item.risk)}</td>
<td><a href="${href('/catalog/item', { id: item.id })}" aria-label="Request ${item.name} (${item.key})">Request</a></td></tr>`,
      )}</tbody></table></div>
${
  page.items.length === 0
    ? emptyResult(
        'requestable groups or spaces',
        [
          ['the search', query.q],
          ['type', type],
        ],
        '/catalog',
      )
    : ''
}
${pager('/catalog', { q: query.q, type, sort: order.sort, dir: order.dir }, page, cursor)}`,
    );
  });

  app.get('/requests', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const { data: query, typed, problems } = readListQuery(listQuery, request.query);
    const status = z
      .enum(REQUEST_STATUSES)
      .optional()
      .safeParse(query.status || undefined);
    const scope = query.scope === 'visible' ? 'visible' : 'mine';
    const order: TableOrder = { sort: 'created', dir: query.dir === 'asc' ? 'asc' : 'desc' };
    const { page, cursor } = await withCursorProblem(problems, query.cursor, (at) =>
      listRequests(store, principal, {
        scope,
        status: status.success ? status.data : undefined,
        q: query.q,
        oldestFirst: order.dir === 'asc',
        cursor: at,
        limit: 25,
        withTotal: true,
      }),
    );
    const statusFilter = selectField(
      'status',
      'Status',
      [['', 'Any'], ...REQUEST_STATUSES.map((s): [string, string] => [s, statusText(s)])],
      query.status,
    );
    const scopeFilter = selectField(
      'scope',
      'Show',
      [
        ['mine', 'By me or for me'],
        ['visible', 'All I may see'],
      ],
      scope,
    );
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      'My requests',
      html`${problemsAlert(problems)}${searchForm('/requests', 'Search requests', typed.q ?? query.q, html`${statusFilter}${scopeFilter}`)}
<div class="table-wrap"><table><caption>${scope === 'mine' ? 'Requests by me or for me' : 'Requests I may see'}${page.total === undefined ? '' : ` (${page.total.toLocaleString('en')})`}</caption>
<thead><tr><th scope="col">Request</th><th scope="col">For</th><th scope="col">What</th><th scope="col">Permissions</th><th scope="col">Status</th>${sortHeader('/requests', { q: query.q, status: query.status, scope }, order, { sort: 'created', label: 'Submitted', first: 'desc' })}</tr></thead>
<tbody>${page.items.map(
        (
          r,
        ) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a></td><td>${forCell(r, principal.identityEmail)}</td><td>${r.item.name}</td>
<td>${r.permissions.map((p) => p.label).join(', ')}</td><td>${statusText(r.status)}</td><td>${when(r.createdAt)}</td></tr>`,
      )}</tbody></table></div>
${
  page.items.length > 0
    ? ''
    : query.q === undefined && !status.success
      ? html`<p role="status">No requests yet. <a href="/catalog">Find something in the catalog</a>.</p>`
      : emptyResult(
          'requests',
          [
            ['the search', query.q],
            ['status', status.success && status.data !== undefined ? statusText(status.data) : undefined],
          ],
          href('/requests', { scope }),
        )
}
${pager('/requests', { q: query.q, status: query.status, scope, sort: 'created', dir: order.dir }, page, cursor)}`,
    );
  });

  registerRequestForm(app, { kit, store, governance });
  registerRevokeForm(app, { kit, store, governance });
  registerMyAccessPage(app, { kit, store });
  requestDetail(app, { kit, store, governance });
  registerCatalogAdmin(app, { kit, store, governance });
}
