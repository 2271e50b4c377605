import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountSort, Store } from '../../core/index.ts';
import { listAccounts } from '../views/directory.ts';
import {
  cursorParam,
  emptyResult,
  pager,
  searchForm,
  selectField,
  sortHeader,
  type TableOrder,
  when,
} from './components.ts';
import { html, typed } from './html.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import type { PageKit } from './page-kit.ts';

const READERS = ['administrator', 'auditor'] as const;
/** The page sizes a person may choose; 50 unless they do. */
const SIZES = ['25', '50', '100'] as const;

const accountsQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  status: z.enum(['active', 'disabled', '']).optional(),
  identity: z.enum(['matched', 'orphan', '']).optional(),
  sort: z.enum(['name', 'email', 'aggregatedAt']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  size: z.enum(SIZES).optional(),
  cursor: cursorParam,
});

/** The columns the accounts table orders by, with the direction a first click gives. */
const COLUMNS: ReadonlyArray<{ sort: AccountSort; label: string; first: 'asc' | 'desc' }> = [
  { sort: 'name', label: 'Name', first: 'asc' },
  { sort: 'email', label: 'Email', first: 'asc' },
  { sort: 'aggregatedAt', label: 'Aggregated', first: 'desc' },
];

/**
 * The accounts table (or its orphans): searched, filtered by status and correlation, ordered by any
 * of its columns in either direction, paged by the store, with the count of matches.
 */
export function accountsTable(kit: PageKit, store: Store, orphans: boolean) {
  const path = orphans ? '/admin/orphans' : '/admin/accounts';
  return async (request: FastifyRequest, reply: FastifyReply) => {
    kit.require(request, READERS);
    const { data, typed: asTyped, problems } = readListQuery(accountsQuery, request.query);
    const sort = data.sort ?? 'name';
    const column = COLUMNS.find((c) => c.sort === sort) ?? COLUMNS[0];
    const order: TableOrder = { sort, dir: data.dir ?? column?.first ?? 'asc' };
    const status = data.status === '' ? undefined : data.status;
    const size = data.size ?? '50';
    const identity = orphans ? 'orphan' : data.identity === '' ? undefined : data.identity;
    const { page, cursor } = await withCursorProblem(problems, data.cursor, (at) =>
      listAccounts(store, {
        q: data.q,
        status,
        ...(identity === undefined ? {} : { orphan: identity === 'orphan' }),
        sort: order.sort as AccountSort,
        direction: order.dir,
        cursor: at,
        limit: Number(size),
        withTotal: true,
      }),
    );
    const filters = {
      q: data.q,
      status,
      identity: orphans ? undefined : identity,
      size: size === '50' ? undefined : size,
    };
    const filterFields = html`${selectField(
      'status',
      'Status',
      [
        ['', 'Any'],
        ['active', 'Active'],
        ['disabled', 'Disabled'],
      ],
      status,
    )}${
      orphans
        ? ''
        : selectField(
            'identity',
            'Identity',
            [
              ['', 'Any'],
              ['matched', 'Matched to a person'],
              ['orphan', 'Orphan (no person)'],
            ],
            identity,
          )
    }${selectField(
      'size',
      'Rows per page',
      SIZES.map((n): [string, string] => [n, n]),
      size,
    )}<input type="hidden" name="sort" value="${order.sort}"><input type="hidden" name="dir" value="${order.dir}">`;
    const headerParams = filters;
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      orphans ? 'Orphan accounts' : 'Accounts',
      html`${orphans ? html`<p>Accounts with Confluence access that match no identity from the HR source.</p>` : ''}
${problemsAlert(problems)}
${searchForm(path, 'Search by email, name or account id', asTyped.q ?? data.q, filterFields)}
<div class="table-wrap"><table id="accounts"><caption>${orphans ? 'Orphans' : 'Accounts with Confluence access'} (${(page.total ?? 0).toLocaleString('en')})</caption>
<thead><tr>${COLUMNS.slice(0, 2).map((c) => sortHeader(path, headerParams, order, c))}<th scope="col">Identity</th><th scope="col">Status</th>${sortHeader(path, headerParams, order, COLUMNS[2] ?? { sort: 'aggregatedAt', label: 'Aggregated', first: 'desc' })}</tr></thead>
<tbody>${page.items.map(
        (
          a,
        ) => html`<tr><td><a href="/admin/accounts/${encodeURIComponent(a.key)}">${typed(a.displayName)}</a></td><td>${a.email}</td>
<td>${a.identityId === null ? html`<strong>orphan</strong>` : html`<a href="/admin/identities/${encodeURIComponent(a.identityId)}">${a.identityId}</a>`}</td><td>${a.disabled ? 'disabled' : 'active'}</td><td>${when(a.aggregatedAt)}</td></tr>`,
      )}</tbody></table></div>
${
  page.items.length > 0
    ? ''
    : data.q === undefined && status === undefined && (orphans || identity === undefined)
      ? orphans
        ? html`<p role="status">No orphans: every account matches a person from the HR source.</p>`
        : html`<p role="status">No accounts yet: run an <a href="/admin/aggregation">aggregation</a>.</p>`
      : emptyResult(
          'accounts',
          [
            ['the search', data.q],
            ['status', status],
            ['identity', orphans ? undefined : identity],
          ],
          path,
        )
}
${pager(path, { ...filters, sort: order.sort, dir: order.dir }, page, cursor)}`,
    );
  };
}
