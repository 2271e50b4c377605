import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Governance, REQUEST_STATUSES, type Store } from '../../core/index.ts';
import { listCatalog } from '../views/catalog.ts';
import { listRequests, type RequestView } from '../views/requests.ts';
import { registerCatalogAdmin } from './catalog-admin.ts';
import {
  cursorParam,
  entitlementTypeFilter,
  href,
  pager,
  risk,
  searchForm,
  selectField,
  statusText,
  when,
} from './components.ts';
import { html, type SafeHtml } from './html.ts';
import { registerMyAccessPage } from './my-access-page.ts';
import type { PageKit } from './page-kit.ts';
import { requestDetail } from './request-detail.ts';
import { registerRequestForm } from './request-form.ts';
import { registerRevokeForm } from './revoke-form.ts';

const REQUESTERS = ['requester', 'administrator'] as const;
const listQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.enum(['group', 'space', '']).optional(),
  status: z.string().max(40).optional(),
  scope: z.enum(['mine', 'visible', '']).optional(),
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
    const query = listQuery.parse(request.query);
    const type = query.type === '' ? undefined : query.type;
    const page = await listCatalog(store, { q: query.q, type, cursor: query.cursor, limit: 25 });
    const typeFilter = entitlementTypeFilter(type);
    return kit.send(
      request,
      reply,
      'Catalog',
      html`${searchForm('/catalog', 'Search groups and spaces', query.q, typeFilter)}
<table><caption>Requestable groups and spaces</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Key</th><th scope="col">Risk</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${page.items.map(
        (
          item,
        ) => html`<tr><td>${item.name}</td><td>${item.type}</td><td><code>${item.key}</code></td><td>${risk(item.risk)}</td>
<td><a href="${href('/catalog/item', { id: item.id })}" aria-label="Request ${item.name} (${item.key})">Request</a></td></tr>`,
      )}</tbody></table>
${pager('/catalog', { q: query.q, type }, page, query.cursor)}`,
    );
  });

  app.get('/requests', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const query = listQuery.parse(request.query);
    const status = z
      .enum(REQUEST_STATUSES)
      .optional()
      .safeParse(query.status || undefined);
    const scope = query.scope === 'visible' ? 'visible' : 'mine';
    const page = await listRequests(store, principal, {
      scope,
      status: status.success ? status.data : undefined,
      q: query.q,
      cursor: query.cursor,
      limit: 25,
    });
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
      reply,
      'My requests',
      html`${searchForm('/requests', 'Search requests', query.q, html`${statusFilter}${scopeFilter}`)}
<table><caption>${scope === 'mine' ? 'Requests by me or for me' : 'Requests I may see'}</caption>
<thead><tr><th scope="col">Request</th><th scope="col">For</th><th scope="col">What</th><th scope="col">Permissions</th><th scope="col">Status</th><th scope="col">Submitted</th></tr></thead>
<tbody>${page.items.map(
        (
          r,
        ) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a></td><td>${forCell(r, principal.identityEmail)}</td><td>${r.item.name}</td>
<td>${r.permissions.map((p) => p.label).join(', ')}</td><td>${statusText(r.status)}</td><td>${when(r.createdAt)}</td></tr>`,
      )}</tbody></table>
${page.items.length === 0 && query.cursor === undefined ? html`<p>No requests yet. <a href="/catalog">Find something in the catalog</a>.</p>` : ''}
${pager('/requests', { q: query.q, status: query.status, scope }, page, query.cursor)}`,
    );
  });

  registerRequestForm(app, { kit, store, governance });
  registerRevokeForm(app, { kit, store, governance });
  registerMyAccessPage(app, { kit, store });
  requestDetail(app, { kit, store, governance });
  registerCatalogAdmin(app, { kit, store, governance });
}
