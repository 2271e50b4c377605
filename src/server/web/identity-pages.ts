import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Identity, IdentitySort, Store } from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';
import { auditPage } from '../views/audit.ts';
import { listRequests } from '../views/requests.ts';
import { accessTable, pagedAccess } from './access-table.ts';
import { cursorParam, emptyResult, pager, searchForm, selectField, statusText, when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import type { PageKit } from './page-kit.ts';
import { orderFields, type SortColumn, sortableHeaders, sortParams, tableOrder } from './table-sort.ts';

const READERS = ['administrator', 'auditor'] as const;
/** The people table's sortable columns (all of them); by last name unless the person chooses. */
const COLUMNS = [
  { sort: 'name', label: 'Name', first: 'asc' },
  { sort: 'email', label: 'Email', first: 'asc' },
  { sort: 'department', label: 'Department', first: 'asc' },
  { sort: 'jobTitle', label: 'Job title', first: 'asc' },
  { sort: 'status', label: 'Status', first: 'asc' },
] as const satisfies ReadonlyArray<SortColumn<IdentitySort>>;
const CAPTION_ORDER: Record<IdentitySort, string> = {
  name: 'by last name',
  email: 'by email',
  department: 'by department, then last name',
  jobTitle: 'by job title, then last name',
  status: 'by status, then last name',
};
const listQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  status: z.enum(['active', 'leaver', '']).optional(),
  ...sortParams(COLUMNS),
  cursor: cursorParam,
});
/** Rows of each part of one person's page (requests, history, reports); each links on to its full list. */
const PART = 10;

const nameOf = (i: Identity) => `${i.firstName} ${i.lastName}`.trim();
const personLink = (i: Identity) =>
  html`<a href="/admin/identities/${encodeURIComponent(i.id)}">${typed(nameOf(i))}</a>`;

/** One person's HR attributes as a definition list, the source's extra columns included. */
function attributes(person: Identity, manager: Identity | undefined): SafeHtml {
  const extra = Object.entries(person.extra ?? {});
  return html`<dl class="attributes"><dt>Employee id</dt><dd><code>${person.id}</code></dd><dt>Email</dt><dd>${person.email}</dd>
<dt>Job title</dt><dd>${typed(person.jobTitle ?? '—')}</dd><dt>Department</dt><dd>${typed(person.department ?? '—')}</dd>
<dt>Status</dt><dd>${person.status}</dd><dt>Manager</dt><dd>${manager === undefined ? (person.managerId ?? 'none') : personLink(manager)}</dd>
${extra.map(([key, value]) => html`<dt>${key}</dt><dd>${typed(String(value))}</dd>`)}<dt>From HR</dt><dd>${when(person.updatedAt)}</dd></dl>`;
}

/** People from the HR source, and one person with everything Spacegate knows of them. */
export function registerIdentityPages(app: FastifyInstance, deps: { kit: PageKit; store: Store }): void {
  const { kit, store } = deps;

  app.get('/admin/identities', async (request, reply) => {
    kit.require(request, READERS);
    const { data, typed: asTyped, problems } = readListQuery(listQuery, request.query);
    const status = data.status === '' ? undefined : data.status;
    const order = tableOrder(COLUMNS, 'name', data.sort, data.dir);
    const { page, cursor } = await withCursorProblem(problems, data.cursor, (at) =>
      store.transaction((tx) =>
        tx.identities.page({
          q: data.q,
          status,
          sort: order.sort,
          direction: order.dir,
          cursor: at,
          limit: 50,
          withTotal: true,
        }),
      ),
    );
    const statusFilter = selectField(
      'status',
      'Status',
      [
        ['', 'Any'],
        ['active', 'Active'],
        ['leaver', 'Leaver'],
      ],
      status,
    );
    const filters = html`${statusFilter}${orderFields(order)}`;
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      'People',
      html`${problemsAlert(problems)}${searchForm('/admin/identities', 'Search by name, email or employee id', asTyped.q ?? data.q, filters)}
<div class="table-wrap"><table id="identities"><caption>People from the HR source, ${CAPTION_ORDER[order.sort]}${order.dir === 'desc' ? ' (Z–A)' : ''} (${(page.total ?? 0).toLocaleString('en')})</caption>
<thead>${sortableHeaders('/admin/identities', { q: data.q, status }, order, COLUMNS)}</thead>
<tbody>${page.items.map(
        (i) =>
          html`<tr><td>${personLink(i)}</td><td>${i.email}</td><td>${typed(i.department)}</td><td>${typed(i.jobTitle)}</td><td>${i.status}</td></tr>`,
      )}</tbody></table></div>
${
  page.items.length === 0
    ? emptyResult(
        'people',
        [
          ['the search', data.q],
          ['status', status],
        ],
        '/admin/identities',
      )
    : ''
}
${pager('/admin/identities', { q: data.q, status, sort: order.sort, dir: order.dir }, page, cursor)}`,
    );
  });

  app.get('/admin/identities/:id', async (request, reply) => {
    const principal = kit.require(request, READERS);
    const { id } = z.object({ id: z.string().min(1).max(100) }).parse(request.params);
    const found = await store.transaction(async (tx) => {
      const person = await tx.identities.get(id);
      if (person === undefined) return undefined;
      const manager = person.managerId === null ? undefined : await tx.identities.get(person.managerId);
      const reports = await tx.identities.page({ managerId: id, limit: PART, withTotal: true });
      const account = await tx.accounts.getByIdentity(id);
      return { person, manager, reports, account };
    });
    if (found === undefined) throw new ApiError('api.not_found', `nobody has the employee id ${id}`);
    const { person, manager, reports, account } = found;
    const paged = account === undefined ? undefined : await pagedAccess(store, account.key, request.query);
    const access = paged?.found;
    const requests = await listRequests(store, principal, {
      scope: 'visible',
      beneficiaryId: id,
      limit: PART,
      withTotal: true,
    });
    const history = await auditPage(store, { subject: `identity:${id}` }, { limit: PART, withTotal: true });
    return kit.send(
      request,
      reply,
      nameOf(person),
      html`${attributes(person, manager)}
<section aria-labelledby="h-reports"><h2 id="h-reports">Reports (${reports.total ?? 0})</h2>
${reports.items.length === 0 ? html`<p>Nobody reports to ${typed(nameOf(person))}.</p>` : html`<ul>${reports.items.map((r) => html`<li>${personLink(r)}, ${typed(r.jobTitle ?? '')} (${r.status})</li>`)}</ul>`}</section>
<section aria-labelledby="h-account"><h2 id="h-account">Account and access</h2>
${
  account === undefined || access === undefined
    ? html`<p>No Confluence account matches this person.</p>`
    : html`<p><a href="/admin/accounts/${encodeURIComponent(account.key)}">${typed(account.displayName)}</a> (${account.email}, ${account.disabled ? 'disabled' : 'active'})</p>
${accessTable({
  caption: 'Effective access',
  access: access.access,
  rows: access.totals.rows,
  path: `/admin/identities/${encodeURIComponent(id)}`,
  cursor: paged?.cursor,
  problems: paged?.problems ?? [],
})}`
}</section>
<section aria-labelledby="h-requests"><h2 id="h-requests">Requests for this person (${requests.total ?? 0})</h2>
${requests.items.length === 0 ? html`<p>None.</p>` : html`<ul>${requests.items.map((r) => html`<li><a href="/requests/${r.id}">${r.item.name}</a> — ${statusText(r.status)}, ${when(r.createdAt)}</li>`)}</ul>`}</section>
<section aria-labelledby="h-history"><h2 id="h-history">History (${history.total ?? 0})</h2>
${history.items.length === 0 ? html`<p>No events.</p>` : html`<ul>${history.items.map((e) => html`<li>${when(e.at)}: ${e.type} by ${e.actor}</li>`)}</ul>`}
<p><a href="/admin/audit?subject=identity:${encodeURIComponent(id)}">The whole history in the audit log</a></p></section>
<p><a href="/admin/identities">Back to people</a></p>`,
    );
  });
}
