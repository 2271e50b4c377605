import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, type Governance, type Store } from '../../core/index.ts';
import { statusFor } from '../http/errors.ts';
import { inboxFor } from '../views/inbox.ts';
import { requireIdentity } from '../views/people.ts';
import { cursorParam, href, pager } from './components.ts';
import { html } from './html.ts';
import { inboxOrder, inboxOrderForm, inboxRows, inboxSortParams } from './inbox-table.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import type { PageKit } from './page-kit.ts';

/** Decisions shown on one inbox page. */
const INBOX_PAGE = 20;
/** The longest comment an approver may write (the API's limit for a decision's reason). */
const COMMENT_MAX = 2000;

const APPROVERS = ['approver', 'catalog_owner', 'administrator'] as const;
const decisionForm = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(COMMENT_MAX).default(''),
});
const bulkForm = z.object({
  decision: z.enum(['approve', 'reject'], 'choose Approve or Reject'),
  comment: z.string().max(COMMENT_MAX, `at most ${COMMENT_MAX} characters`).default(''),
  requestId: z
    .union([z.string().max(100), z.array(z.string().max(100)).max(200)])
    .optional()
    .transform((ids) => [ids ?? []].flat()),
});

/** What the inbox shows after a refused decision: the reason, and the choices and comment kept. */
interface InboxState {
  error?: string;
  selected?: ReadonlyArray<string>;
  comment?: string;
}

/** The approver's inbox: a table of pending decisions with the context to decide, and one comment to approve or reject the chosen ones. */
export function registerApproverPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  const renderInbox = async (request: FastifyRequest, reply: FastifyReply, state: InboxState) => {
    const principal = kit.require(request, APPROVERS);
    const { data, problems } = readListQuery(
      z.object({ ...inboxSortParams, cursor: cursorParam }),
      request.query,
    );
    const order = inboxOrder(data.sort, data.dir);
    const { page, cursor } = await withCursorProblem(problems, data.cursor, (at) =>
      inboxFor(store, principal, { ...order.store, limit: INBOX_PAGE, cursor: at, withTotal: true }),
    );
    const ordered = { sort: order.shown.sort, dir: order.shown.dir };
    const csrf = kit.contextFor(request, reply).csrf;
    const total = page.total ?? page.items.length;
    const selected = new Set(state.selected ?? []);
    return kit.send(
      request,
      reply,
      'Approvals',
      html`${problemsAlert(problems)}${state.error === undefined ? '' : html`<p class="error" role="alert" id="decision-error">${state.error}</p>`}
<p role="status">${total === 0 ? 'Nothing is waiting for your decision: every request assigned to you is decided.' : `${total} request(s) wait for your decision.`}</p>
${page.items.length === 0 ? '' : inboxOrderForm(order.shown)}
${
  page.items.length === 0
    ? ''
    : html`<form method="post" action="${href('/approvals', { sort: data.sort, dir: data.dir })}" aria-label="Decide the chosen requests">
<input type="hidden" name="_csrf" value="${csrf}">
${inboxRows(page.items, selected, new Date(), order.shown)}
<fieldset class="decide"><legend>Decide the chosen requests</legend>
<p><label for="comment">Comment</label><br><textarea id="comment" name="comment" rows="2" cols="60" maxlength="${COMMENT_MAX}" aria-describedby="comment-help">${state.comment ?? ''}</textarea><br>
<span id="comment-help" class="muted">Sent with every chosen request; a rejection needs one.</span></p>
<button type="submit" name="decision" value="approve">Approve chosen</button>
<button type="submit" name="decision" value="reject">Reject chosen</button>
</fieldset>
</form>`
}
${pager('/approvals', ordered, page, cursor)}`,
    );
  };

  app.get('/approvals', async (request, reply) => renderInbox(request, reply, {}));

  app.post('/approvals', async (request, reply) => {
    const principal = kit.require(request, APPROVERS);
    const parsed = bulkForm.safeParse(request.body);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const comment = typeof fields.comment === 'string' ? fields.comment : '';
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return renderInbox(request, reply.code(400), { error, comment });
    }
    const form = parsed.data;
    const kept = { selected: form.requestId, comment: form.comment };
    if (form.requestId.length === 0) {
      return renderInbox(request, reply.code(400), { ...kept, error: 'Choose at least one request first.' });
    }
    if (form.decision === 'reject' && form.comment.trim() === '') {
      return renderInbox(request, reply.code(422), {
        ...kept,
        error: 'A rejection needs a reason: write it in Comment, then reject again.',
      });
    }
    const me = await requireIdentity(store, principal);
    try {
      await governance.approvals.decideMany({
        requestIds: form.requestId,
        approverId: me.id,
        decision: form.decision === 'approve' ? 'approved' : 'rejected',
        reason: form.comment,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return renderInbox(request, reply.code(statusFor(error.code)), {
        ...kept,
        error: `Nothing was decided: ${error.message}.`,
      });
    }
    const count = form.requestId.length;
    const asked = readListQuery(z.object(inboxSortParams), request.query).data;
    return kit.redirect(
      reply,
      href('/approvals', { sort: asked.sort, dir: asked.dir }),
      `${form.decision === 'approve' ? 'Approved' : 'Rejected'} ${count} request${count === 1 ? '' : 's'}.`,
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
