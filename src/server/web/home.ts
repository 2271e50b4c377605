import type { FastifyInstance } from 'fastify';
import { DRIFT_KINDS, type Governance, type Store } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import type { AggregationRuns } from '../compose/aggregation-runs.ts';
import { driftReaderOf } from '../views/drift.ts';
import { inboxFor } from '../views/inbox.ts';
import { listRequests } from '../views/requests.ts';
import { statusText, when } from './components.ts';
import { DRIFT_TEXT } from './drift-rows.ts';
import { campaignPanel, campaignProgress } from './home-reviews.ts';
import { html, type SafeHtml, typed } from './html.ts';
import { waitingFor } from './inbox-table.ts';
import type { PageKit } from './page-kit.ts';

/** How many rows a start-page panel lists before its link to the whole table. */
const PANEL = 5;

/** The administrator's panels: approvals waiting (oldest first, with age), failed fulfillments, the last aggregation, orphans, drift, running access reviews. */
async function adminPanels(
  deps: { store: Store; runs: AggregationRuns; governance: Governance },
  principal: Principal,
  now: Date,
): Promise<SafeHtml> {
  const { store, runs } = deps;
  const [waiting, failed, lastRun, orphans, drift, reviews] = await Promise.all([
    listRequests(store, principal, {
      scope: 'visible',
      status: 'awaiting_approval',
      oldestFirst: true,
      limit: PANEL,
      withTotal: true,
    }),
    listRequests(store, principal, { scope: 'visible', status: 'failed', limit: PANEL, withTotal: true }),
    runs.list({ limit: 1 }),
    store.transaction((tx) => tx.accounts.page({ orphan: true, limit: 1, withTotal: true })),
    deps.governance.drift.counts(driftReaderOf(principal)).then((counts) => counts.open),
    campaignProgress(store),
  ]);
  const driftTotal = DRIFT_KINDS.reduce((sum, k) => sum + drift[k], 0);
  const run = lastRun.items[0];
  return html`<section aria-labelledby="h-waiting" class="panel"><h2 id="h-waiting">Approvals waiting: ${waiting.total ?? 0}</h2>
${
  waiting.items.length === 0
    ? html`<p>No request waits for a decision.</p>`
    : html`<ul>${waiting.items.map((r) => html`<li><a href="/requests/${r.id}">${typed(r.beneficiary.name)}: ${r.item.name}</a> — waiting ${waitingFor(r.createdAt, now)} (${r.stages[r.currentStage]?.name ?? 'approval'})</li>`)}</ul>`
}
<p><a href="/requests?scope=visible&amp;status=awaiting_approval">All waiting requests</a></p></section>
<section aria-labelledby="h-failed" class="panel"><h2 id="h-failed">Failed fulfillments: ${failed.total ?? 0}</h2>
${
  failed.items.length === 0
    ? html`<p>Nothing failed.</p>`
    : html`<ul>${failed.items.map((r) => html`<li><a href="/requests/${r.id}">${typed(r.beneficiary.name)}: ${r.item.name}</a> — ${typed(r.failureReason ?? statusText(r.status))}</li>`)}</ul>`
}
<p><a href="/requests?scope=visible&amp;status=failed">All failed requests</a></p></section>
<section aria-labelledby="h-aggregation" class="panel"><h2 id="h-aggregation">Last aggregation</h2>
<p>${run === undefined ? 'None has run yet.' : `${run.status}, started ${when(run.startedAt)} by ${run.actor}${run.summary === null ? (run.error === null || run.error === undefined ? '' : `: ${run.error}`) : `: ${run.summary.accounts} accounts, ${run.summary.orphans} orphans`}`}</p>
<p><a href="/admin/aggregation">Aggregation runs</a></p></section>
<section aria-labelledby="h-orphans" class="panel"><h2 id="h-orphans">Orphan accounts: ${orphans.total ?? 0}</h2>
<p>${(orphans.total ?? 0) === 0 ? 'Every account matches a person.' : 'Accounts with Confluence access that match no person from the HR source.'}</p>
<p><a href="/admin/orphans">Orphans</a></p></section>
<section aria-labelledby="h-drift" class="panel"><h2 id="h-drift">Drift: ${driftTotal} open</h2>
<ul>${DRIFT_KINDS.map((k) => html`<li><a href="/admin/drift?kind=${k}">${DRIFT_TEXT[k]}</a>: ${drift[k]}</li>`)}</ul>
<p><a href="/admin/drift">Drift report</a></p></section>
${campaignPanel(reviews, now)}`;
}

/** The approver's panel: how many decisions wait, and the oldest. */
async function approverPanel(store: Store, principal: Principal, now: Date): Promise<SafeHtml> {
  const inbox = await inboxFor(store, principal, { limit: 1, withTotal: true });
  const oldest = inbox.items[0];
  return html`<section aria-labelledby="h-inbox" class="panel"><h2 id="h-inbox">Your approvals: ${inbox.total ?? 0}</h2>
<p>${oldest === undefined ? 'Nothing waits for your decision.' : html`Oldest: <a href="/requests/${oldest.request.id}">${typed(oldest.request.beneficiary.name)}: ${oldest.request.item.name}</a>, waiting ${waitingFor(oldest.request.createdAt, now)}.`}</p>
<p><a href="/approvals">Open the inbox</a></p></section>`;
}

/** The requester's panel: their open requests (waiting for approval or being fulfilled). */
async function requesterPanel(store: Store, principal: Principal): Promise<SafeHtml> {
  const [waiting, pending] = await Promise.all(
    (['awaiting_approval', 'pending'] as const).map((status) =>
      listRequests(store, principal, { scope: 'mine', status, limit: PANEL, withTotal: true }),
    ),
  );
  const open = [...(waiting?.items ?? []), ...(pending?.items ?? [])].slice(0, PANEL);
  const total = (waiting?.total ?? 0) + (pending?.total ?? 0);
  return html`<section aria-labelledby="h-open" class="panel"><h2 id="h-open">Your open requests: ${total}</h2>
${
  open.length === 0
    ? html`<p>No request is open. <a href="/catalog">Find something in the catalog</a>.</p>`
    : html`<ul>${open.map((r) => html`<li><a href="/requests/${r.id}">${r.item.name}</a>${r.beneficiary.id === r.requester.id ? '' : html` for ${typed(r.beneficiary.name)}`} — ${statusText(r.status)}</li>`)}</ul>`
}
<p><a href="/requests">All your requests</a> · <a href="/catalog">Catalog</a></p></section>`;
}

/** The start page: what needs each person's attention, by role (an administrator sees all three). */
export function registerHomePage(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; runs: AggregationRuns; governance: Governance },
): void {
  const { kit, store } = deps;
  app.get('/', async (request, reply) => {
    const principal = kit.require(request, 'signed-in');
    const now = new Date();
    const panels: SafeHtml[] = [];
    if (hasRole(principal, 'administrator', 'auditor')) panels.push(await adminPanels(deps, principal, now));
    if (hasRole(principal, 'approver', 'catalog_owner', 'administrator'))
      panels.push(await approverPanel(store, principal, now));
    if (hasRole(principal, 'requester', 'administrator')) panels.push(await requesterPanel(store, principal));
    return kit.send(
      request,
      reply,
      `Welcome, ${principal.displayName}`,
      html`<div class="panels">${panels}</div>${panels.length === 0 ? html`<p><a href="/requests">Requests</a></p>` : ''}`,
    );
  });
}
