import { DRIFT_NOTE_MAX, type DriftEvent, type DriftKind, type DriftState } from '../../core/index.ts';
import { when } from './components.ts';
import { html, type SafeHtml } from './html.ts';

/** What each kind of drift means, in words. */
export const DRIFT_TEXT: Record<DriftKind, string> = {
  out_of_band: 'Given in Confluence directly',
  removed: 'Removed in Confluence directly',
  leaver: 'Held by a leaver',
  orphan: 'Held by an orphan account',
};

/** What each state of a finding means, in words. */
export const DRIFT_STATE_TEXT: Record<DriftState, string> = {
  open: 'Open',
  accepted: 'Accepted',
  reverted: 'Reverted',
  resolved: 'Resolved by the site',
};

/** What a row's forms need: the CSRF token, the filters to come back to, and a note to keep after an error. */
export interface DriftRowContext {
  csrf: string;
  filters: { kind: string; state: string };
  /** The finding a refused form was about, and the note typed into it. */
  kept?: { id: string; note: string };
}

function stateCell(e: DriftEvent): SafeHtml {
  const by =
    e.closedBy === null ? '' : html`<br><span class="muted">by ${e.closedBy}, ${when(e.closedAt)}</span>`;
  const request =
    e.requestId === null ? '' : html`<br>Removal <a href="/requests/${e.requestId}">${e.requestId}</a>`;
  const note = e.note === null ? '' : html`<br><q>${e.note}</q>`;
  return html`${DRIFT_STATE_TEXT[e.state]}${by}${request}${note}`;
}

function hidden(e: DriftEvent, context: DriftRowContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="id" value="${e.id}">
<input type="hidden" name="kind" value="${context.filters.kind}"><input type="hidden" name="state" value="${context.filters.state}">`;
}

/** Accept (with a required note) and, where a revocation can undo it, Revert: an open finding's actions. */
function actions(e: DriftEvent, n: number, context: DriftRowContext): SafeHtml {
  if (e.state !== 'open') return html``;
  const note = context.kept?.id === e.id ? context.kept.note : '';
  const revocable = e.kind !== 'removed' && e.identityId !== null;
  return html`<form method="post" action="/admin/drift/accept">${hidden(e, context)}
<label for="note-${n}">Note</label> <input id="note-${n}" name="note" required maxlength="${DRIFT_NOTE_MAX}" value="${note}">
<button type="submit" aria-label="Accept finding ${n}">Accept</button></form>
${revocable ? html`<form method="post" action="/admin/drift/revert" class="inline">${hidden(e, context)}<button type="submit" aria-label="Revert finding ${n}">Revert</button></form>` : ''}`;
}

/** One finding as a table row; administrators get its actions. */
export function driftRow(e: DriftEvent, n: number, context: DriftRowContext | undefined): SafeHtml {
  return html`<tr id="finding-${n}"><td>${when(e.detectedAt)}</td><td>${DRIFT_TEXT[e.kind]}</td><td><a href="/admin/accounts/${encodeURIComponent(e.accountKey)}">${e.accountKey}</a></td>
<td>${e.identityId === null ? html`<span class="muted">none</span>` : html`<a href="/admin/identities/${encodeURIComponent(e.identityId)}">${e.identityId}</a>`}</td>
<td>${e.entitlementKind === 'group' ? 'group ' : 'space '}${e.value}</td>
<td>${stateCell(e)}</td>${context === undefined ? '' : html`<td>${actions(e, n, context)}</td>`}</tr>`;
}
