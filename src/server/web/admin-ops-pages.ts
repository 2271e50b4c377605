import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError, type Store } from '../../core/index.ts';
import { hasRole } from '../auth/principal.ts';
import type { AggregationRun, AggregationRuns } from '../compose/aggregation-runs.ts';
import type { PolicyTexts } from '../policy-texts.ts';
import { registerAuditPage } from './audit-page.ts';
import { href, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

const READERS = ['administrator', 'auditor'] as const;
const runsQuery = z.object({ cursor: z.string().max(200).optional() });

function progressText(r: AggregationRun): string {
  const p = r.progress;
  const removed = p.removed > 0 ? `, ${p.removed} removed` : '';
  const failures = p.failures > 0 ? `, ${p.failures} failed` : '';
  return `${p.accounts} accounts, ${p.groups} groups, ${p.spaces} spaces read${removed}${failures}; ${p.apiCalls} API calls`;
}

function summaryText(r: AggregationRun): string {
  const s = r.summary;
  if (s === null) return '';
  return `${s.accounts} accounts (${s.correlated} matched, ${s.orphans} orphans), ${s.groups} groups, ${s.spaces} spaces, ${s.assignments} assignments; ${s.written} written in ${((r.durationMs ?? 0) / 1000).toFixed(1)} s`;
}
/** Aggregation runs and the policy in force (the audit log is `audit-page.ts`). */
export function registerAdminOpsPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; runs: AggregationRuns; policies: PolicyTexts },
): void {
  const { kit, store, runs, policies } = deps;
  registerAuditPage(app, { kit, store });

  app.get('/admin/aggregation', async (request, reply) => {
    const principal = kit.require(request, READERS);
    const { cursor } = runsQuery.parse(request.query);
    const page = await runs.list({ limit: 20, ...(cursor === undefined ? {} : { cursor }) });
    const running = page.items.some((r) => r.status === 'running');
    if (running) reply.header('refresh', '2');
    return kit.send(
      request,
      reply,
      'Aggregation',
      html`<p>An aggregation reads every account with Confluence, every Confluence group and every space from Atlassian into Spacegate. After the first, a run writes only what changed since the last completed one.</p>
${
  hasRole(principal, 'administrator')
    ? html`<form method="post" action="/admin/aggregation"><input type="hidden" name="_csrf" value="${kit.contextFor(request, reply).csrf}">
<div><input type="checkbox" id="full" name="full" value="true"><label for="full">Full run (rewrite everything, not only the changes)</label></div>
<button type="submit"${running ? html` disabled` : ''}>Run an aggregation now</button></form>`
    : ''
}
<table><caption>Runs of every Spacegate process, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Progress</th><th scope="col">Result</th></tr></thead>
<tbody>${page.items.map(
        (
          r,
        ) => html`<tr><td>${r.id}<br>${r.mode}, ${r.trigger}</td><td>${r.status}${r.status === 'running' ? ` (${r.progress.phase})` : ''}</td><td>${when(r.startedAt)} by ${r.actor}</td>
<td>${progressText(r)}</td>
<td>${r.summary === null ? (r.error ?? '') : summaryText(r)}</td></tr>`,
      )}</tbody></table>
${page.items.length === 0 ? html`<p>No aggregation has run yet.</p>` : ''}
${page.next === null ? '' : html`<p><a href="${href('/admin/aggregation', { cursor: page.next })}" rel="next">Older runs</a></p>`}`,
    );
  });

  app.post('/admin/aggregation', async (request, reply) => {
    const principal = kit.require(request, ['administrator']);
    const full = (request.body as Record<string, unknown> | undefined)?.full === 'true';
    try {
      const run = await runs.start(principal.name, { full });
      return kit.redirect(reply, '/admin/aggregation', `Aggregation ${run.id} started.`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'aggregation.running') throw error;
      return kit.redirect(reply, '/admin/aggregation', `${error.message}; it is shown below.`);
    }
  });

  app.get('/admin/policy', async (request, reply) => {
    kit.require(request, [...READERS, 'catalog_owner']);
    const { attributes, workflows } = policies;
    const block = (title: string, policy: { file: string; text: string } | undefined) =>
      html`<section aria-labelledby="${title}"><h2 id="${title}">${title === 'attributes' ? 'Attribute policy' : 'Approval workflows'}</h2>
${policy === undefined ? html`<p>None loaded.</p>` : html`<p>From <code>${policy.file}</code></p><pre tabindex="0">${policy.text}</pre>`}</section>`;
    return kit.send(
      request,
      reply,
      'Policy in force',
      html`${block('workflows', workflows)}${block('attributes', attributes)}`,
    );
  });
}
