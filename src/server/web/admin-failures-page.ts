import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import { failureActorOf, listFailures } from '../views/failures.ts';
import { actionWord } from '../views/request-state.ts';
import { cursorParam, pager, statusText, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

const ADMINISTRATORS = ['administrator'] as const;
const idParams = z.object({ id: z.string().min(1).max(200) });

/** Failed fulfillments for administrators: what, why, when, attempts, with Retry and "done by hand". */
export function registerAdminFailuresPage(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  app.get('/admin/failures', async (request, reply) => {
    kit.require(request, ADMINISTRATORS);
    const { cursor } = z.object({ cursor: cursorParam }).parse(request.query);
    const page = await listFailures(store, { limit: 25, cursor, withTotal: true });
    const csrf = kit.contextFor(request, reply).csrf;
    return kit.send(
      request,
      reply,
      'Failed fulfillments',
      html`<p>Changes Confluence refused or that failed after their retries. Retry writes only what is still missing; "Done by hand" closes one you finished in Confluence yourself, with a note.</p>
<table><caption>Waiting for an administrator</caption>
<thead><tr><th scope="col">Request</th><th scope="col">For</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">When</th><th scope="col">Attempts</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${page.items.map(
        (
          r,
        ) => html`<tr><td><a href="/requests/${r.id}">${r.id}</a><br>${statusText(r.status)}</td><td>${r.beneficiary.name}</td>
<td>${actionWord(r.kind)}${r.item.name}${r.permissions.length === 0 ? '' : `: ${r.permissions.map((p) => p.label).join(', ')}`}</td>
<td>${r.failureReason ?? ''}</td><td>${when(r.updatedAt)}</td><td>${r.attempts ?? ''}</td>
<td><form method="post" action="/admin/failures/${r.id}/retry" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" aria-label="Retry ${r.id}">Retry</button></form>
<form method="post" action="/admin/failures/${r.id}/resolve"><input type="hidden" name="_csrf" value="${csrf}">
<label for="note-${r.id}">Note</label> <input id="note-${r.id}" name="note" required maxlength="2000">
<button type="submit" aria-label="Done by hand ${r.id}">Done by hand</button></form></td></tr>`,
      )}</tbody></table>
${page.items.length === 0 && cursor === undefined ? html`<p>No failed fulfillments.</p>` : ''}
${pager('/admin/failures', {}, page, cursor)}`,
    );
  });

  app.post('/admin/failures/:id/retry', async (request, reply) => {
    const principal = kit.require(request, ADMINISTRATORS);
    const { id } = idParams.parse(request.params);
    await governance.requests.retry(id, await failureActorOf(store, principal));
    return kit.redirect(reply, '/admin/failures', `Queued ${id} again.`);
  });

  app.post('/admin/failures/:id/resolve', async (request, reply) => {
    const principal = kit.require(request, ADMINISTRATORS);
    const { id } = idParams.parse(request.params);
    const { note } = z.object({ note: z.string().min(1).max(2000) }).parse(request.body);
    await governance.requests.resolveByHand(id, await failureActorOf(store, principal), note);
    return kit.redirect(reply, '/admin/failures', `Closed ${id} as done by hand.`);
  });
}
