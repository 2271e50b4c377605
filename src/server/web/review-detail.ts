import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError, type Governance, type ReviewItem, type Store } from '../../core/index.ts';
import { campaignView, heldHow, reviewAskerOf } from '../views/reviews.ts';
import { cursorParam, href, pager, risk, searchForm, selectField, statusText, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

const ITEM_PAGE = 50;
const idParams = z.object({ id: z.string().min(1).max(200) });
const itemFilter = z.object({
  q: z.string().max(200).optional(),
  decision: z.enum(['keep', 'revoke', 'undecided', '']).optional(),
  cursor: cursorParam,
});
const decisionForm = z.object({
  decision: z.enum(['keep', 'revoke']),
  comment: z.string().max(2000).default(''),
  item: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(500)]).optional(),
  scope: z.enum(['selected', 'matching']).default('selected'),
  q: z.string().max(200).default(''),
});
const RULE_WORDS: Record<string, string> = {
  manager: "the person's manager",
  owner: "the item's owner",
  space_admins: "the space's administrators",
  named: 'named people',
};

function itemCells(item: ReviewItem) {
  return html`<td>${item.personName}</td><td>${item.itemName}${item.permissions.length === 0 ? '' : html`: ${item.permissions.join(', ')}`}</td>
<td>${heldHow(item)}</td><td>${item.grantRequestId === null ? 'found at aggregation' : html`${when(item.grantedAt)}, <a href="/requests/${item.grantRequestId}">${item.grantRequestId}</a>`}</td>
<td>${risk(item.risk)}</td><td>${item.lastActivity === null ? 'unknown' : when(item.lastActivity)}</td>`;
}

/** A campaign's page (summary, progress, the reviewer's items and decisions), its actions and its completion report. */
export function registerReviewDetailPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  app.get('/reviews/:id', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const { id } = idParams.parse(request.params);
    const filter = itemFilter.parse(request.query);
    const asker = await reviewAskerOf(store, principal);
    const view = await campaignView(store, governance, asker, id);
    const { campaign } = view;
    const csrf = kit.contextFor(request, reply).csrf;
    const decision = filter.decision === '' ? undefined : filter.decision;
    const mine =
      asker.identityId === undefined || campaign.status === 'draft'
        ? undefined
        : await governance.reviews
            .items(
              { ...asker, administrator: false, auditor: false },
              {
                campaignId: id,
                reviewerId: asker.identityId,
                q: filter.q,
                decision,
                limit: ITEM_PAGE,
                cursor: filter.cursor,
                withTotal: true,
              },
            )
            .catch((error: unknown) => {
              if (error instanceof DomainError && error.code === 'review.not_found') return undefined;
              throw error;
            });
    const action = (path: string, label: string) =>
      html`<form method="post" action="/reviews/${id}/${path}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${label}</button></form>`;
    return kit.send(
      request,
      reply,
      `Access review: ${campaign.name}`,
      html`<dl>
<dt>Status</dt><dd>${campaign.status}</dd>
<dt>Deadline</dt><dd>${when(campaign.deadline)}; undecided items are then ${campaign.undecided === 'keep' ? 'kept' : 'revoked'}${campaign.deadlineNoticeAt === null ? '' : html`; reviewers with items left were mailed ${when(campaign.deadlineNoticeAt)} that it is near`}</dd>
<dt>Reviewers</dt><dd>${RULE_WORDS[campaign.reviewers.rule] ?? campaign.reviewers.rule}${campaign.reviewers.named.length === 0 ? '' : html` (${campaign.reviewers.named.join(', ')})`}; fallback ${campaign.reviewers.fallback}</dd>
<dt>Scope</dt><dd>${[...campaign.scope.spaces.map((s) => `space ${s}`), ...campaign.scope.groups.map((g) => `group ${g}`), ...campaign.scope.risks.map((r) => `${r} risk`), ...campaign.scope.departments.map((d) => `department ${d}`)].join(', ') || 'everything'}</dd>
</dl>
${asker.administrator && campaign.status === 'draft' ? action('launch', 'Launch campaign') : ''}
${asker.administrator && campaign.status === 'active' ? action('close', 'Close now') : ''}
${
  campaign.status === 'draft'
    ? ''
    : html`<table><caption>Progress: ${view.overall.total - view.overall.undecided} of ${view.overall.total} decided</caption>
<thead><tr><th scope="col">Reviewer</th><th scope="col">Items</th><th scope="col">Kept</th><th scope="col">Revoked</th><th scope="col">Undecided</th></tr></thead>
<tbody>${view.progress.map((p) => html`<tr><td>${p.reviewer.name}</td><td>${p.total}</td><td>${p.kept}</td><td>${p.revoked}</td><td>${p.undecided}</td></tr>`)}</tbody></table>`
}
${asker.administrator || asker.auditor ? html`<p><a href="/reviews/${id}/report">Completion report</a> · <a href="/api/v1/reviews/${id}/report.csv">CSV</a></p>` : ''}
${
  mine === undefined
    ? ''
    : html`<section aria-labelledby="mine"><h2 id="mine">Your items to review</h2>
${searchForm(
  `/reviews/${id}`,
  'Person or access',
  filter.q,
  selectField(
    'decision',
    'Decision',
    [
      ['', 'All'],
      ['undecided', 'Undecided'],
      ['keep', 'Kept'],
      ['revoke', 'Revoked'],
    ],
    filter.decision,
  ),
)}
<form method="post" action="/reviews/${id}/decisions">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="q" value="${filter.q ?? ''}">
<table><caption>Your items</caption>
<thead><tr><th scope="col">Select</th><th scope="col">Person</th><th scope="col">Access</th><th scope="col">Held</th><th scope="col">Granted</th><th scope="col">Risk</th><th scope="col">Last activity</th><th scope="col">Decision</th></tr></thead>
<tbody>${mine.items.map(
        (item) =>
          html`<tr><td>${item.decision === null ? html`<input type="checkbox" name="item" value="${item.id}" aria-label="Select ${item.personName}: ${item.itemName}">` : ''}</td>${itemCells(item)}<td>${item.decision ?? 'undecided'}${item.comment === '' ? '' : html` — ${item.comment}`}</td></tr>`,
      )}</tbody></table>
${pager(`/reviews/${id}`, { q: filter.q, decision: filter.decision }, mine, filter.cursor)}
${
  campaign.status === 'active'
    ? html`<p><label for="comment">Comment</label><br><textarea id="comment" name="comment" rows="2" cols="60"></textarea></p>
<p><button type="submit" name="decision" value="keep">Keep selected</button> <button type="submit" name="decision" value="revoke">Revoke selected</button></p>
<fieldset><legend>Every undecided item of yours matching the search</legend>
<label><input type="checkbox" name="scope" value="matching"> Apply to all matching, not only the selected</label></fieldset>`
    : ''
}
</form></section>`
}`,
    );
  });

  for (const [path, verb] of [
    ['launch', 'launched'],
    ['close', 'closed'],
  ] as const) {
    app.post(`/reviews/:id/${path}`, async (request, reply) => {
      const principal = kit.require(request, ['administrator']);
      const { id } = idParams.parse(request.params);
      const asker = await reviewAskerOf(store, principal);
      try {
        if (path === 'launch') {
          const { items } = await governance.reviews.launch(asker, id);
          return kit.redirect(reply, `/reviews/${id}`, `Campaign launched with ${items} item(s).`);
        }
        await governance.reviews.close(asker, id);
        return kit.redirect(reply, `/reviews/${id}`, `Campaign ${verb}.`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'review.not_found') throw error;
        return kit.redirect(reply, `/reviews/${id}`, error.message);
      }
    });
  }

  app.post('/reviews/:id/decisions', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const { id } = idParams.parse(request.params);
    const form = decisionForm.parse(request.body);
    const asker = await reviewAskerOf(store, principal);
    const back = href(`/reviews/${id}`, { q: form.q });
    const base = { campaignId: id, decision: form.decision, comment: form.comment };
    try {
      const decided =
        form.scope === 'matching'
          ? await governance.reviews.decideMatching(asker, { ...base, q: form.q })
          : (await governance.reviews.decide(asker, { ...base, itemIds: [form.item ?? []].flat() })).length;
      const word = form.decision === 'keep' ? 'Kept' : 'Revoked';
      return kit.redirect(reply, back, `${word} ${decided} item(s).`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'review.not_found') throw error;
      const message =
        error.code === 'review.invalid'
          ? 'Select at least one item (or apply to all matching).'
          : error.message;
      return kit.redirect(reply, back, message);
    }
  });

  app.get('/reviews/:id/report', async (request, reply) => {
    const principal = kit.require(request, ['administrator', 'auditor']);
    const { id } = idParams.parse(request.params);
    const filter = itemFilter.parse(request.query);
    const asker = await reviewAskerOf(store, principal);
    const campaign = await governance.reviews.get(asker, id);
    const decision = filter.decision === '' ? undefined : filter.decision;
    const page = await governance.reviews.report(asker, {
      campaignId: id,
      q: filter.q,
      decision,
      limit: ITEM_PAGE,
      cursor: filter.cursor,
      withTotal: true,
    });
    return kit.send(
      request,
      reply,
      `Completion report: ${campaign.name}`,
      html`<p>Status ${campaign.status}${campaign.closedAt === null ? '' : html`, closed ${when(campaign.closedAt)}`}. <a href="/api/v1/reviews/${id}/report.csv">Download CSV</a></p>
${searchForm(`/reviews/${id}/report`, 'Person or access', filter.q)}
<table><caption>Every item, its decision and what followed</caption>
<thead><tr><th scope="col">Person</th><th scope="col">Access</th><th scope="col">Held</th><th scope="col">Granted</th><th scope="col">Risk</th><th scope="col">Last activity</th><th scope="col">Reviewer</th><th scope="col">Decision</th><th scope="col">Decided</th><th scope="col">Fulfillment</th></tr></thead>
<tbody>${page.items.map(
        ({ item, revocation }) =>
          html`<tr>${itemCells(item)}<td>${item.reviewerId}</td><td>${item.decision ?? 'undecided'}${item.comment === '' ? '' : html` — ${item.comment}`}</td><td>${item.decidedBy ?? ''} ${when(item.decidedAt)}</td><td>${revocation === null ? (item.decision === 'revoke' ? 'nothing manageable to remove' : '') : html`<a href="/requests/${revocation.id}">${statusText(revocation.status as never)}</a>`}</td></tr>`,
      )}</tbody></table>
${pager(`/reviews/${id}/report`, { q: filter.q }, page, filter.cursor)}`,
    );
  });
}
