import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Store } from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';
import { accountAccess, listAccounts, listEntitlements } from '../views/directory.ts';
import { listFailures } from '../views/failures.ts';
import { entitlementHolders } from '../views/holders.ts';
import type { RequestView } from '../views/requests.ts';
import { cursorParam, entitlementTypeFilter, href, pager, searchForm, when } from './components.ts';
import { html } from './html.ts';
import { removeLink } from './my-access-page.ts';
import type { PageKit } from './page-kit.ts';

/** What Confluence refused or what failed for this person, named with the reason: never silent. */
function actionItems(items: ReadonlyArray<RequestView>) {
  return html`<table id="action-items"><caption>Action items: changes that did not go through (${items.length})</caption>
<thead><tr><th scope="col">Request</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">When</th></tr></thead>
<tbody>${items.map((r) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a></td><td>${r.kind === 'revoke' ? 'Remove ' : 'Grant '}${r.item.name}</td><td>${r.failureReason ?? ''}</td><td>${when(r.updatedAt)}</td></tr>`)}</tbody></table>
<p><a href="/admin/failures">Handle them among the failures</a></p>`;
}

const READERS = ['administrator', 'auditor'] as const;
const listQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.enum(['group', 'space', '']).optional(),
  cursor: cursorParam,
});
const PAGE = 50;

/** Accounts with effective access, entitlements and orphans, for administrators and auditors. */
export function registerAdminDirectoryPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store },
): void {
  const { kit, store } = deps;

  const accountsPage =
    (orphans: boolean) =>
    async (request: Parameters<PageKit['require']>[0], reply: Parameters<PageKit['send']>[1]) => {
      kit.require(request, READERS);
      const query = listQuery.parse(request.query);
      const path = orphans ? '/admin/orphans' : '/admin/accounts';
      const page = await listAccounts(store, {
        q: query.q,
        cursor: query.cursor,
        limit: PAGE,
        ...(orphans ? { orphan: true } : {}),
      });
      return kit.send(
        request,
        reply,
        orphans ? 'Orphan accounts' : 'Accounts',
        html`${orphans ? html`<p>Accounts with Confluence access that match no identity from the HR source.</p>` : ''}
${searchForm(path, 'Search by email, name or account id', query.q)}
<table><caption>${orphans ? 'Orphans' : 'Accounts with Confluence access'}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Identity</th><th scope="col">Status</th><th scope="col">Aggregated</th></tr></thead>
<tbody>${page.items.map(
          (
            a,
          ) => html`<tr><td><a href="/admin/accounts/${encodeURIComponent(a.key)}">${a.displayName}</a></td><td>${a.email}</td>
<td>${a.identityId ?? html`<strong>orphan</strong>`}</td><td>${a.disabled ? 'disabled' : 'active'}</td><td>${when(a.aggregatedAt)}</td></tr>`,
        )}</tbody></table>
${page.items.length === 0 && query.q === undefined && query.cursor === undefined ? html`<p>No accounts yet: run an <a href="/admin/aggregation">aggregation</a>.</p>` : ''}
${pager(path, { q: query.q }, page, query.cursor)}`,
      );
    };
  app.get('/admin/accounts', accountsPage(false));
  app.get('/admin/orphans', accountsPage(true));

  app.get('/admin/accounts/:key', async (request, reply) => {
    kit.require(request, READERS);
    const { key } = z.object({ key: z.string().min(1).max(200) }).parse(request.params);
    const found = await accountAccess(store, key);
    if (found === undefined) throw new ApiError('api.not_found', `no account ${key}`);
    const { account, identity, access } = found;
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
<table><caption>Effective access (${access.length})</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Access</th><th scope="col">How</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${access.map((row) => html`<tr><td>${row.kind === 'group' ? 'group' : 'space permission'}</td><td>${row.label}</td><td>${row.via}</td><td>${person === undefined ? '' : removeLink(row, person)}</td></tr>`)}</tbody></table>
${failures === undefined || failures.items.length === 0 ? '' : actionItems(failures.items)}
<p><a href="/admin/accounts">Back to accounts</a></p>`,
    );
  });

  app.get('/admin/entitlements', async (request, reply) => {
    kit.require(request, READERS);
    const query = listQuery.parse(request.query);
    const type = query.type === '' ? undefined : query.type;
    const page = await listEntitlements(store, { q: query.q, type, cursor: query.cursor, limit: PAGE });
    const typeFilter = entitlementTypeFilter(type);
    return kit.send(
      request,
      reply,
      'Entitlements',
      html`${searchForm('/admin/entitlements', 'Search by name or key', query.q, typeFilter)}
<table><caption>Groups that carry Confluence, and spaces</caption>
<thead><tr><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Who holds it</th></tr></thead>
<tbody>${page.items.map(
        (e) =>
          html`<tr><td>${e.type}</td><td>${e.name}</td><td><code>${e.key}</code></td><td><a href="/admin/entitlements/${e.type}/${encodeURIComponent(e.key)}" aria-label="Who holds ${e.name}">holders</a></td></tr>`,
      )}</tbody></table>
${pager('/admin/entitlements', { q: query.q, type }, page, query.cursor)}`,
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
<td>${h.kind === 'account' && h.email !== undefined ? html`<a href="${href('/revoke', { item: `${type}:${key}`, person: h.email })}" aria-label="Remove ${h.name}">Remove</a>` : ''}</td></tr>`,
      )}</tbody></table>
${pager(path, {}, found.accounts, cursor)}
<p><a href="${href('/catalog/item', { id: `${type}:${key}` })}">Catalog item</a> · <a href="/admin/entitlements">Back to entitlements</a></p>`,
    );
  });
}
