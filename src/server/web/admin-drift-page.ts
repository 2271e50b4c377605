import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DRIFT_KINDS, type DriftKind, type Governance } from '../../core/index.ts';
import { driftReaderOf } from '../views/drift.ts';
import { cursorParam, pager, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

/** What each kind of drift means, in words. */
export const DRIFT_TEXT: Record<DriftKind, string> = {
  out_of_band: 'Given in Confluence directly',
  removed: 'Removed in Confluence directly',
  leaver: 'Held by a leaver',
  orphan: 'Held by an orphan account',
};

/** The drift report: what aggregations found differing from what Spacegate granted or first found. */
export function registerAdminDriftPage(
  app: FastifyInstance,
  deps: { kit: PageKit; governance: Governance },
): void {
  const { kit, governance } = deps;
  app.get('/admin/drift', async (request, reply) => {
    const principal = kit.require(request, ['administrator', 'auditor']);
    const { cursor, kind } = z
      .object({ cursor: cursorParam, kind: z.enum(DRIFT_KINDS).or(z.literal('')).optional() })
      .parse(request.query);
    const chosen = kind === '' ? undefined : kind;
    const page = await governance.drift.list(driftReaderOf(principal), {
      limit: 25,
      cursor,
      withTotal: true,
      kind: chosen,
    });
    return kit.send(
      request,
      reply,
      'Drift',
      html`<p>Each aggregation compares Confluence with what Spacegate granted or found at the first aggregation. A catalog item's drift policy says whether drift is only reported or reverted (a revocation with drift as its reason).</p>
<form method="get" action="/admin/drift"><label for="kind">Kind</label> <select id="kind" name="kind"><option value="">Every kind</option>${DRIFT_KINDS.map((k) => html`<option value="${k}"${k === chosen ? ' selected' : ''}>${DRIFT_TEXT[k]}</option>`)}</select> <button type="submit">Show</button></form>
<table><caption>Drift, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Account</th><th scope="col">Person</th><th scope="col">Access</th><th scope="col">Resolution</th></tr></thead>
<tbody>${page.items.map(
        (
          e,
        ) => html`<tr><td>${when(e.detectedAt)}</td><td>${DRIFT_TEXT[e.kind]}</td><td><a href="/admin/accounts/${encodeURIComponent(e.accountKey)}">${e.accountKey}</a></td>
<td>${e.identityId === null ? html`<span class="muted">none</span>` : html`<a href="/admin/identities/${encodeURIComponent(e.identityId)}">${e.identityId}</a>`}</td>
<td>${e.entitlementKind === 'group' ? 'group ' : 'space '}${e.value}</td>
<td>${e.requestId === null ? 'Reported' : html`Reverted by <a href="/requests/${e.requestId}">${e.requestId}</a>`}</td></tr>`,
      )}</tbody></table>
${page.items.length === 0 && cursor === undefined ? html`<p>No drift found.</p>` : ''}
${pager('/admin/drift', { kind: chosen }, page, cursor)}`,
    );
  });
}
