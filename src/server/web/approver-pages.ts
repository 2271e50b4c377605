import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import { inboxFor } from '../views/inbox.ts';
import { requireIdentity } from '../views/people.ts';
import { cursorParam, pager, risk, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

/** Decisions shown on one inbox page. */
const INBOX_PAGE = 20;

const APPROVERS = ['approver', 'catalog_owner', 'administrator'] as const;
const decisionForm = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(2000).default(''),
});

/** The approver's inbox: each pending decision with who, what, risk and current access; approve or reject with a comment. */
export function registerApproverPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;
  app.get('/approvals', async (request, reply) => {
    const principal = kit.require(request, APPROVERS);
    const { cursor } = z.object({ cursor: cursorParam }).parse(request.query);
    const page = await inboxFor(store, principal, { limit: INBOX_PAGE, cursor, withTotal: true });
    const entries = page.items;
    const csrf = kit.contextFor(request, reply).csrf;
    return kit.send(
      request,
      reply,
      'Approvals',
      html`<p role="status">${page.total === 0 ? 'Nothing is waiting for your decision.' : `${page.total ?? entries.length} request(s) wait for your decision.`}</p>
${entries.map(({ request: r, ...entry }) => {
  const headingId = `req-${r.id}`;
  return html`<section aria-labelledby="${headingId}" class="approval">
<h2 id="${headingId}">${r.beneficiary.name}: ${r.item.name}</h2>
<dl>
  <dt>Who</dt><dd>${r.beneficiary.name} — ${r.beneficiary.jobTitle ?? 'no title'}, ${r.beneficiary.department ?? 'no department'} (${r.beneficiary.email ?? r.beneficiary.id})${r.requester.id === r.beneficiary.id ? '' : html`, requested by ${r.requester.name}`}</dd>
  <dt>What</dt><dd>${r.kind === 'revoke' ? 'Remove ' : ''}${r.item.type} ${r.item.name}${r.permissions.length === 0 ? '' : html`: ${r.permissions.map((p) => p.label).join(', ')}`}</dd>
  <dt>Risk</dt><dd>${risk(entry.risk)}</dd>
  <dt>Why</dt><dd>${r.justification}</dd>
  <dt>Until</dt><dd>${r.endDate === null ? 'no end date' : when(r.endDate)}</dd>
  <dt>Already holds here</dt><dd>${entry.heldHere.length === 0 ? 'nothing' : entry.heldHere.map((h) => `${h.label} (${h.via})`).join('; ')}</dd>
  <dt>Access in all</dt><dd>${entry.hasAccount ? `${entry.heldTotal.groups} group(s), ${entry.heldTotal.spacePermissions} space permission(s)` : 'no Confluence account yet'}</dd>
  <dt>Stage</dt><dd>${entry.stageName}; submitted ${when(r.createdAt)}; <a href="/requests/${r.id}">details</a></dd>
</dl>
<form method="post" action="/approvals/${r.id}">
  <input type="hidden" name="_csrf" value="${csrf}">
  <p><label for="comment-${r.id}">Comment</label><br><textarea id="comment-${r.id}" name="comment" rows="2" cols="60"></textarea></p>
  <button type="submit" name="decision" value="approve">Approve</button>
  <button type="submit" name="decision" value="reject">Reject</button>
</form>
</section>`;
})}
${pager('/approvals', {}, page, cursor)}`,
    );
  });

  app.post('/approvals/:requestId', async (request, reply) => {
    const principal = kit.require(request, APPROVERS);
    const { requestId } = z.object({ requestId: z.string().min(1).max(100) }).parse(request.params);
    const form = decisionForm.parse(request.body);
    const me = await requireIdentity(store, principal);
    await governance.approvals.decide({
      requestId,
      approverId: me.id,
      decision: form.decision === 'approve' ? 'approved' : 'rejected',
      reason: form.comment,
    });
    return kit.redirect(
      reply,
      '/approvals',
      form.decision === 'approve' ? `Approved ${requestId}.` : `Rejected ${requestId}.`,
    );
  });
}
