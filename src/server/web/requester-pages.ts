import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import { DomainError } from '../../core/index.ts';
import { catalogItem, listCatalog } from '../views/catalog.ts';
import { heldInItem } from '../views/directory.ts';
import { requireIdentity } from '../views/people.ts';
import { listRequests } from '../views/requests.ts';
import { catalogSettingsForm, registerCatalogAdmin } from './catalog-admin.ts';
import { href, pager, risk, searchForm, selectField, statusText, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';
import { requestDetail } from './request-detail.ts';

const REQUESTERS = ['requester', 'administrator'] as const;
const listQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.enum(['group', 'space', '']).optional(),
  status: z.string().max(40).optional(),
  scope: z.enum(['mine', 'visible', '']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
const requestForm = z.object({
  itemId: z.string().min(1),
  permissions: z.union([z.string(), z.array(z.string())]).optional(),
  justification: z.string().max(2000),
  endDate: z.string().max(20).optional(),
});

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
    const page = await listCatalog(store, { q: query.q, type, offset: query.offset, limit: 25 });
    const typeFilter = selectField(
      'type',
      'Type',
      [
        ['', 'Groups and spaces'],
        ['space', 'Spaces'],
        ['group', 'Groups'],
      ],
      type,
    );
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
${pager('/catalog', { q: query.q, type }, page)}`,
    );
  });

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, itemId: string, error?: string) => {
    const item = await catalogItem(store, itemId);
    const principal = kit.require(request, REQUESTERS);
    const held = await heldInItem(store, principal, item);
    const owner =
      item.owner === null ? undefined : await store.transaction((tx) => tx.identities.get(item.owner ?? ''));
    const options =
      item.type === 'group'
        ? html`<p>Requesting this group gives its members' access (${risk(item.risk)} risk).</p>`
        : html`<fieldset><legend>Permissions in ${item.name}</legend>${item.options.map(
            (o) =>
              html`<div><input type="checkbox" id="perm-${o.id}" name="permissions" value="${o.id}"> <label for="perm-${o.id}">${o.label}</label> <span class="muted">(${risk(o.risk)} risk)</span></div>`,
          )}</fieldset>`;
    return kit.send(
      request,
      reply.code(error === undefined ? 200 : 422),
      `Request ${item.name}`,
      html`${error === undefined ? '' : html`<p class="error" role="alert">${error}</p>`}
<p>${item.type === 'space' ? 'Space' : 'Group'} <code>${item.key}</code>, risk ${risk(item.risk)}.</p>
${catalogSettingsForm(principal, item, owner?.email ?? null, kit.contextFor(request, reply).csrf)}
<p>Owner: ${owner === undefined ? 'none' : `${owner.firstName} ${owner.lastName}`}.</p>
<p id="held">${held.length === 0 ? 'You hold nothing here yet.' : `You already hold: ${held.map((h) => `${h.label} (${h.via})`).join('; ')}.`}</p>
<form method="post" action="/requests">
  <input type="hidden" name="_csrf" value="${kit.contextFor(request, reply).csrf}">
  <input type="hidden" name="itemId" value="${item.id}">
  ${options}
  <p><label for="justification">Justification</label><br>
  <textarea id="justification" name="justification" rows="3" cols="60" required aria-describedby="justification-help"></textarea><br>
  <span id="justification-help" class="muted">Why you need this; your approver reads it.</span></p>
  <p><label for="endDate">End date (optional)</label><br><input id="endDate" name="endDate" type="date" aria-describedby="end-help">
  <span id="end-help" class="muted">Access is removed after this day.</span></p>
  <p><button type="submit">Submit request</button></p>
</form>`,
    );
  };

  app.get('/catalog/item', async (request, reply) => {
    kit.require(request, REQUESTERS);
    const { id } = z.object({ id: z.string().min(1) }).parse(request.query);
    return renderForm(request, reply, id);
  });

  app.post('/requests', async (request, reply) => {
    const principal = kit.require(request, REQUESTERS);
    const form = requestForm.parse(request.body);
    const me = await requireIdentity(store, principal);
    try {
      const created = await governance.requests.submit({
        requesterId: me.id,
        itemId: form.itemId,
        permissions: [form.permissions ?? []].flat(),
        justification: form.justification,
        endDate: form.endDate ? `${form.endDate}T23:59:59.000Z` : null,
      });
      return kit.redirect(reply, `/requests/${created.id}`, 'Request submitted.');
    } catch (error) {
      if (error instanceof DomainError) return renderForm(request, reply, form.itemId, error.message);
      throw error;
    }
  });

  app.get('/requests', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const query = listQuery.parse(request.query);
    const status = z
      .enum(['awaiting_approval', 'pending', 'fulfilled', 'rejected', 'cancelled', 'failed', 'expired'])
      .optional()
      .safeParse(query.status || undefined);
    const scope = query.scope === 'visible' ? 'visible' : 'mine';
    const page = await listRequests(store, principal, {
      scope,
      status: status.success ? status.data : undefined,
      q: query.q,
      offset: query.offset,
      limit: 25,
    });
    const statusFilter = selectField(
      'status',
      'Status',
      [
        ['', 'Any'],
        ...(
          ['awaiting_approval', 'pending', 'fulfilled', 'rejected', 'cancelled', 'failed', 'expired'] as const
        ).map((s): [string, string] => [s, statusText(s)]),
      ],
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
        ) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a></td><td>${r.beneficiary.name}</td><td>${r.item.name}</td>
<td>${r.permissions.map((p) => p.label).join(', ')}</td><td>${statusText(r.status)}</td><td>${when(r.createdAt)}</td></tr>`,
      )}</tbody></table>
${page.total === 0 ? html`<p>No requests yet. <a href="/catalog">Find something in the catalog</a>.</p>` : ''}
${pager('/requests', { q: query.q, status: query.status, scope }, page)}`,
    );
  });

  requestDetail(app, { kit, store, governance });
  registerCatalogAdmin(app, { kit, store, governance });
}
