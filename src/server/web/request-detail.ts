import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseSpacePermissionValue } from '../../connector/index.ts';
import type { Governance, Store } from '../../core/index.ts';
import { findAuditEvents } from '../views/audit.ts';
import { requireIdentity } from '../views/people.ts';
import { actionWord } from '../views/request-state.ts';
import { getRequest, type RequestView } from '../views/requests.ts';
import { risk, statusText, when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';
import type { PageKit } from './page-kit.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

/** A value the request names, in words: a space permission's label, or the item's name for a group. */
function valueText(view: RequestView, value: string): string {
  return view.item.type === 'space'
    ? (parseSpacePermissionValue(value)?.option.label ?? value)
    : view.item.name;
}

/** What fulfillment found in place when it ended short of its goal, or nothing. */
function outcomeRows(view: RequestView): SafeHtml | string {
  const outcome = view.outcome;
  if (outcome === null) return '';
  if (!outcome.verified) {
    return html`<dt>In place</dt><dd id="request-in-place">unknown: the answer to the last change was lost and it could not be read back; the next aggregation shows what is held</dd>`;
  }
  const list = (values: string[]): string =>
    values.length === 0 ? 'nothing' : values.map((v) => valueText(view, v)).join(', ');
  const removal = view.kind === 'revoke';
  return html`<dt>${removal ? 'Removed' : 'In place'}</dt><dd id="request-in-place">${list(outcome.applied)}</dd>
  <dt>${removal ? 'Still held' : 'Not in place'}</dt><dd id="request-missing">${list(outcome.missing)}</dd>`;
}

/** One request: what, for whom, status, each approval stage, and its audit trail; cancel while open. */
export function requestDetail(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;
  app.get('/requests/:id', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const { id } = idParams.parse(request.params);
    const view = await getRequest(store, principal, id);
    const events = await findAuditEvents(store, { subject: `request:${id}` });
    const canCancel =
      view.status === 'awaiting_approval' &&
      principal.identityEmail !== undefined &&
      [view.requester.email, view.beneficiary.email].includes(principal.identityEmail.toLowerCase());
    return kit.send(
      request,
      reply,
      `Request ${view.id}`,
      html`<dl>
  <dt>Status</dt><dd id="request-status">${statusText(view.status)}${view.failureReason === null ? '' : html` — ${view.failureReason}`}</dd>
  <dt>Where it stands</dt><dd id="request-state">${view.state}</dd>
  ${outcomeRows(view)}
  <dt>What</dt><dd>${view.kind === 'grant' ? '' : actionWord(view.kind)}${view.item.name} (${view.item.type}, ${risk(view.item.risk)} risk)</dd>
  ${view.permissions.length === 0 ? '' : html`<dt>Permissions</dt><dd>${view.permissions.map((p) => p.label).join(', ')}</dd>`}
  <dt>For</dt><dd id="request-for">${typed(view.beneficiary.name)} (${view.beneficiary.email ?? view.beneficiary.id})</dd>
  <dt>Requested by</dt><dd id="request-by">${
    view.requester.id === view.beneficiary.id
      ? view.requester.name
      : html`${view.requester.name} (${view.requester.email ?? view.requester.id}), for ${view.beneficiary.name}`
  }</dd>
  <dt>Justification</dt><dd>${typed(view.justification)}</dd>
  <dt>End date</dt><dd>${view.endDate === null ? 'none' : when(view.endDate)}</dd>
  <dt>Workflow</dt><dd>${view.workflow}</dd>
</dl>
<h2>Approvals</h2>
${view.stages.length === 0 ? html`<p>This request needed no approval.</p>` : ''}
${view.stages.map(
  (
    stage,
    index,
  ) => html`<table><caption>Stage ${index + 1}: ${stage.name} (${stage.mode === 'all' ? 'every approver' : 'any one approver'})</caption>
<thead><tr><th scope="col">Approver</th><th scope="col">Decision</th><th scope="col">Comment</th><th scope="col">When</th></tr></thead>
<tbody>${stage.approvals.map(
    (a) =>
      html`<tr><td>${a.approver.name}</td><td>${a.decision ?? 'waiting'}</td><td>${typed(a.reason)}</td><td>${when(a.decidedAt)}</td></tr>`,
  )}</tbody></table>`,
)}
${
  canCancel
    ? html`<form method="post" action="/requests/${view.id}/cancel"><input type="hidden" name="_csrf" value="${kit.contextFor(request, reply).csrf}"><button type="submit">Cancel this request</button></form>`
    : ''
}
<h2>History</h2>
<table><caption>Audit events for this request</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>${events.map(
        (e) =>
          html`<tr><td>${when(e.at)}</td><td>${e.actor}</td><td>${e.type}${typeof e.data.reason === 'string' ? html` — ${typed(e.data.reason)}` : ''}</td></tr>`,
      )}</tbody></table>
<p><a href="/requests">Back to my requests</a></p>`,
    );
  });

  app.post('/requests/:id/cancel', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const { id } = idParams.parse(request.params);
    const me = await requireIdentity(store, principal);
    await getRequest(store, principal, id);
    await governance.requests.cancel(id, me.id);
    return kit.redirect(reply, `/requests/${id}`, 'Request cancelled.');
  });
}
