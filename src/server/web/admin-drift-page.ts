import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, DRIFT_KINDS, DRIFT_STATES, type Governance } from '../../core/index.ts';
import { hasRole } from '../auth/principal.ts';
import { statusFor } from '../http/errors.ts';
import { driftActorOf, driftReaderOf, stateOf } from '../views/drift.ts';
import { cursorParam, href, pager } from './components.ts';
import { DRIFT_STATE_TEXT, DRIFT_TEXT, driftRow } from './drift-rows.ts';
import { html } from './html.ts';
import { problemsAlert } from './list-query.ts';
import type { PageKit } from './page-kit.ts';

const filters = z.object({
  cursor: cursorParam.catch(undefined),
  kind: z.enum(DRIFT_KINDS).or(z.literal('')).catch(''),
  state: z.enum([...DRIFT_STATES, 'all']).catch('open'),
});
/** The fields of an Accept or Revert form; anything malformed becomes empty, so the core names the problem. */
const actionForm = z.object({
  id: z.string().max(1000).catch(''),
  note: z.string().catch(''),
  kind: z.string().max(40).catch(''),
  state: z.string().max(40).catch(''),
});

interface View {
  cursor?: string | undefined;
  kind: string;
  state: string;
  error?: { message: string; status: number; id: string; note: string };
}

/** The drift report, filtered by state (open by default) and kind; administrators accept or revert open findings. */
export function registerAdminDriftPage(
  app: FastifyInstance,
  deps: { kit: PageKit; governance: Governance },
): void {
  const { kit, governance } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, view: View) => {
    const principal = kit.require(request, ['administrator', 'auditor']);
    const parsed = filters.parse(view);
    const { kind, state } = parsed;
    const problems = [
      view.kind !== kind ? `Kind: no kind ${JSON.stringify(view.kind)}.` : '',
      view.state !== state ? `State: no state ${JSON.stringify(view.state)}.` : '',
      view.cursor !== parsed.cursor ? 'Page: not a page of this list; showing the first.' : '',
    ].filter((p) => p !== '');
    const reader = driftReaderOf(principal);
    const query = { limit: 25, withTotal: true, kind: kind || undefined, state: stateOf(state) };
    let cursor = parsed.cursor;
    const page = await governance.drift.list(reader, { ...query, cursor }).catch((error: unknown) => {
      if (!(error instanceof DomainError) || error.code !== 'page.invalid_cursor') throw error;
      problems.push('Page: not a page of this list; showing the first.');
      cursor = undefined;
      return governance.drift.list(reader, query);
    });
    const counts = await governance.drift.counts(reader);
    const context = hasRole(principal, 'administrator')
      ? {
          csrf: kit.contextFor(request, reply).csrf,
          filters: { kind, state },
          ...(view.error === undefined ? {} : { kept: { id: view.error.id, note: view.error.note } }),
        }
      : undefined;
    const total = (s: (typeof DRIFT_STATES)[number]) => DRIFT_KINDS.reduce((sum, k) => sum + counts[s][k], 0);
    return kit.send(
      request,
      reply.code(view.error?.status ?? 200),
      'Drift',
      html`${problemsAlert(problems)}${view.error === undefined ? '' : html`<p class="error" role="alert" id="drift-error">${view.error.message}</p>`}
<p>Each aggregation compares Confluence with what Spacegate granted or found at the first aggregation. A catalog item's drift policy says whether drift is only reported or reverted (a revocation with drift as its reason). An administrator accepts an open finding as known access, with a note, or reverts it now.</p>
<ul id="drift-counts" class="inline">${DRIFT_STATES.map((s) => html`<li><a href="${href('/admin/drift', { state: s, kind })}">${DRIFT_STATE_TEXT[s]}</a>: ${total(s)}</li>`)}</ul>
<form method="get" action="/admin/drift"><label for="state">State</label> <select id="state" name="state">${[...DRIFT_STATES, 'all' as const].map((s) => html`<option value="${s}"${s === state ? ' selected' : ''}>${s === 'all' ? 'Every state' : DRIFT_STATE_TEXT[s]}</option>`)}</select>
<label for="kind">Kind</label> <select id="kind" name="kind"><option value="">Every kind</option>${DRIFT_KINDS.map((k) => html`<option value="${k}"${k === kind ? ' selected' : ''}>${DRIFT_TEXT[k]}</option>`)}</select> <button type="submit">Show</button></form>
<table><caption>Drift, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Account</th><th scope="col">Person</th><th scope="col">Access</th><th scope="col">State</th>${context === undefined ? '' : html`<th scope="col"><span class="muted">Action</span></th>`}</tr></thead>
<tbody>${page.items.map((e, n) => driftRow(e, n + 1, context))}</tbody></table>
${page.items.length === 0 && cursor === undefined ? html`<p>No drift found.</p>` : ''}
${pager('/admin/drift', { kind, state }, page, cursor)}`,
    );
  };

  app.get('/admin/drift', async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    return render(request, reply, {
      cursor: typeof query.cursor === 'string' ? query.cursor : undefined,
      kind: typeof query.kind === 'string' ? query.kind : '',
      state: typeof query.state === 'string' ? query.state : 'open',
    });
  });

  for (const action of ['accept', 'revert'] as const) {
    app.post(`/admin/drift/${action}`, async (request, reply) => {
      const principal = kit.require(request, ['administrator']);
      const form = actionForm.parse(request.body ?? {});
      const back = href('/admin/drift', { kind: form.kind, state: form.state });
      try {
        const actor = driftActorOf(principal);
        const done =
          action === 'accept'
            ? await governance.drift.accept(actor, form.id, form.note)
            : await governance.drift.revert(actor, form.id, form.note);
        const what = action === 'accept' ? 'Accepted' : `Reverted (removal ${done.requestId ?? ''})`;
        return kit.redirect(reply, back, `${what}: ${done.accountKey}, ${done.value}.`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'drift.forbidden') throw error;
        const status = statusFor(error.code);
        const message = `Not ${action === 'accept' ? 'accepted' : 'reverted'}: ${error.message}`;
        return render(request, reply, { ...form, error: { message, status, id: form.id, note: form.note } });
      }
    });
  }
}
