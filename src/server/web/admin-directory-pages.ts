import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalogItemId, type EntitlementSort, type Store } from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';
import { listEntitlements } from '../views/directory.ts';
import { listFailures } from '../views/failures.ts';
import { entitlementHolders } from '../views/holders.ts';
import { actionWord } from '../views/request-state.ts';
import type { RequestView } from '../views/requests.ts';
import { accessTable, pagedAccess } from './access-table.ts';
import { accountsTable } from './accounts-table.ts';
import {
  cursorParam,
  emptyResult,
  entitlementTypeFilter,
  href,
  pager,
  searchForm,
  when,
} from './components.ts';
import { html } from './html.ts';
import { registerIdentityPages } from './identity-pages.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import { removeLink } from './my-access-page.ts';
import type { PageKit } from './page-kit.ts';
import { orderFields, type SortColumn, sortableHeaders, sortParams, tableOrder } from './table-sort.ts';

/** What Confluence refused or what failed for this person, named with the reason: never silent. */
function actionItems(items: ReadonlyArray<RequestView>) {
  return html`<table id="action-items"><caption>Action items: changes that did not go through (${items.length})</caption>
<thead><tr><th scope="col">Request</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">When</th></tr></thead>
<tbody>${items.map((r) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a></td><td>${actionWord(r.kind)}${r.item.name}</td><td>${r.failureReason ?? ''}</td><td>${when(r.updatedAt)}</td></tr>`)}</tbody></table>
<p><a href="/admin/failures">Handle them among the failures</a></p>`;
}

const READERS = ['administrator', 'auditor'] as const;
/** The entitlements table's sortable columns; by type (then key) unless the person chooses. */
const COLUMNS = [
  { sort: 'type', label: 'Type', first: 'asc' },
  { sort: 'name', label: 'Name', first: 'asc' },
  { sort: 'key', label: 'Key', first: 'asc' },
] as const satisfies ReadonlyArray<SortColumn<EntitlementSort>>;
const listQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  type: z.enum(['group', 'space', '']).optional(),
  ...sortParams(COLUMNS),
  cursor: cursorParam,
});
const PAGE = 50;

/** Accounts with effective access, entitlements and orphans, for administrators and auditors. */
export function registerAdminDirectoryPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store },
): void {
  const { kit, store } = deps;
  registerIdentityPages(app, { kit, store });

  app.get('/admin/accounts', accountsTable(kit, store, false));
  app.get('/admin/orphans', accountsTable(kit, store, true));

  app.get('/admin/accounts/:key', async (request, reply) => {
    kit.require(request, READERS);
    const { key } = z.object({ key: z.string().min(1).max(200) }).parse(request.params);
    const { found, cursor, problems } = await pagedAccess(store, key, request.query);
    if (found === undefined) throw new ApiError('api.not_found', `no account ${key}`);
    const { account, identity, access, totals } = found;
    const failures =
      identity === null ? undefined : await listFailures(store, { limit: 20, beneficiaryId: identity.id });
    const person = identity?.email;
    return kit.send(
      request,
      reply,
      account.displayName,
      html`<dl><dt>Email</dt><dd>${account.email}</dd><dt>Account id</dt><dd><code>${account.key}</code></dd>
<dt>Identity</dt><dd>${identity === null ? 'none (orphan)' : `${identity.firstName} ${identity.lastName}, ${identity.jobTitle ?? ''} ${identity.department ?? ''} (${identity.status})`}</dd>
<dt>Status</dt><dd>${account.disabled ? 'disabled' : 'active'}</dd></dl>
${accessTable({
  caption: 'Effective access',
  access,
  rows: totals.rows,
  path: `/admin/accounts/${encodeURIComponent(account.key)}`,
  cursor,
  problems,
  action: (row) => (person === undefined ? '' : removeLink(row, person)),
})}
${failures === undefined || failures.items.length === 0 ? '' : actionItems(failures.items)}
<p><a href="/admin/accounts">Back to accounts</a></p>`,
    );
  });

  app.get('/admin/entitlements', async (request, reply) => {
    kit.require(request, READERS);
    const { data: query, typed: asTyped, problems } = readListQuery(listQuery, request.query);
    const type = query.type === '' ? undefined : query.type;
    const order = tableOrder(COLUMNS, 'type', query.sort, query.dir);
    const { page, cursor } = await withCursorProblem(problems, query.cursor, (at) =>
      listEntitlements(store, {
        q: query.q,
        type,
        sort: order.sort,
        direction: order.dir,
        cursor: at,
        limit: PAGE,
        withTotal: true,
      }),
    );
    const typeFilter = html`${entitlementTypeFilter(type)}${orderFields(order)}`;
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      'Entitlements',
      html`${problemsAlert(problems)}${searchForm('/admin/entitlements', 'Search by name or key', asTyped.q ?? query.q, typeFilter)}
<div class="table-wrap"><table id="entitlements"><caption>Groups that carry Confluence, and spaces (${(page.total ?? 0).toLocaleString('en')})</caption>
<thead>${sortableHeaders('/admin/entitlements', { q: query.q, type }, order, [...COLUMNS, 'Who holds it'])}</thead>
<tbody>${page.items.map(
        (e) =>
          html`<tr><td>${e.type}</td><td>${e.name}</td><td><code>${e.key}</code></td><td><a href="/admin/entitlements/${e.type}/${encodeURIComponent(e.key)}" aria-label="Who holds ${e.name}">holders</a></td></tr>`,
      )}</tbody></table></div>
${
  page.items.length === 0
    ? emptyResult(
        'groups or spaces',
        [
          ['the search', query.q],
          ['type', type],
        ],
        '/admin/entitlements',
      )
    : ''
}
${pager('/admin/entitlements', { q: query.q, type, sort: order.sort, dir: order.dir }, page, cursor)}`,
    );
  });

  app.get('/admin/entitlements/:type/:key', async (request, reply) => {
    kit.require(request, READERS);
    const { type, key } = z
      .object({ type: z.enum(['group', 'space']), key: z.string().min(1).max(200) })
      .parse(request.params);
    const { cursor } = z.object({ cursor: cursorParam }).parse(request.query);
    const found = await entitlementHolders(store, type, key, { limit: PAGE, cursor });
    if (found === undefined) throw new ApiError('api.not_found', `no ${type} ${key}`);
    const holders = [...found.principals, ...found.accounts.items];
    const path = `/admin/entitlements/${type}/${encodeURIComponent(key)}`;
    const itemId = catalogItemId(type, key);
    return kit.send(
      request,
      reply,
      `${type === 'group' ? 'Group' : 'Space'} ${found.entitlement.name}`,
      html`<p><code>${key}</code></p>
<table><caption>${type === 'group' ? 'Members with Confluence access' : 'Who holds which permissions'}</caption>
<thead><tr><th scope="col">Holder</th><th scope="col">Kind</th><th scope="col">Holds</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${holders.map(
        (h) =>
          html`<tr><td>${h.kind === 'account' ? html`<a href="/admin/accounts/${encodeURIComponent(h.key)}">${h.name}</a>` : h.name}</td><td>${h.kind}</td><td>${h.holds}</td>
<td>${h.kind === 'account' && h.email !== undefined ? html`<a href="${href('/revoke', { item: itemId, person: h.email })}" aria-label="Remove ${h.name}">Remove</a>` : ''}</td></tr>`,
      )}</tbody></table>
${pager(path, {}, found.accounts, cursor)}
<p><a href="${href('/catalog/item', { id: itemId })}">Catalog item</a> · <a href="/admin/entitlements">Back to entitlements</a></p>`,
    );
  });
}
