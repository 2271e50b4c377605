import type { InboxEntry } from '../views/inbox.ts';
import { actionWord } from '../views/request-state.ts';
import { risk, when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';

const DAY = 86_400_000;

/** How long a request has waited, in the words an approver scans for: "3 days", "5 hours". */
export function waitingFor(since: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(since));
  if (ms >= DAY) {
    const days = Math.floor(ms / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return 'under an hour';
}

function peersCell(entry: InboxEntry): SafeHtml {
  const peers = entry.peers;
  if (peers === null) return html`<span class="muted">no department known</span>`;
  if (peers.total === 0) return html`nobody else in ${typed(peers.department)}`;
  const more = peers.total - peers.names.length;
  return html`${peers.total} in ${typed(peers.department)}: ${peers.names.map((name, i) => html`${i === 0 ? '' : ', '}${typed(name)}`)}${more > 0 ? ` and ${more} more` : ''}`;
}

/** One inbox row: a box to choose it, who, what, risk, why, what they hold, peers who hold it, how long it waited. */
function row(entry: InboxEntry, checked: boolean, now: Date): SafeHtml {
  const r = entry.request;
  const b = r.beneficiary;
  const boxId = `choose-${r.id}`;
  return html`<tr>
<td data-label="Choose"><input type="checkbox" id="${boxId}" name="requestId" value="${r.id}"${checked ? html` checked` : ''} aria-label="Choose ${b.name}: ${r.item.name} (${r.id})"></td>
<td data-label="Who"><strong>${typed(b.name)}</strong><br><span class="muted">${typed(b.jobTitle ?? 'no title')}, ${typed(b.department ?? 'no department')}</span>${r.requester.id === b.id ? '' : html`<br><span class="muted">asked by ${typed(r.requester.name)}</span>`}</td>
<td data-label="What">${r.kind === 'grant' ? '' : actionWord(r.kind)}${r.item.type} <strong>${r.item.name}</strong>${r.permissions.length === 0 ? '' : html`<br>${r.permissions.map((p) => p.label).join(', ')}`}${r.endDate === null ? '' : html`<br><span class="muted">until ${when(r.endDate)}</span>`}</td>
<td data-label="Risk">${risk(entry.risk)}</td>
<td class="why" data-label="Why">${typed(r.justification)}</td>
<td data-label="Already holds">${entry.heldHere.length === 0 ? 'nothing here' : entry.heldHere.map((h) => `${h.label} (${h.via})`).join('; ')}<br><span class="muted">${entry.hasAccount ? `${entry.heldTotal.groups} group(s), ${entry.heldTotal.spacePermissions} space permission(s) in all` : 'no Confluence account yet'}</span></td>
<td data-label="Peers who hold it">${peersCell(entry)}</td>
<td data-label="Waiting">${waitingFor(r.createdAt, now)}<br><span class="muted">${entry.stageName}</span></td>
<td><a href="/requests/${r.id}" aria-label="Details of ${r.id}">Details</a></td>
</tr>`;
}

/** The inbox table: the rows of one page, the boxes of `selected` ticked (after a refused decision). */
export function inboxRows(
  entries: ReadonlyArray<InboxEntry>,
  selected: ReadonlySet<string>,
  now: Date,
): SafeHtml {
  return html`<div class="table-wrap"><table id="inbox" class="cards"><caption>Requests waiting for you, oldest first</caption>
<thead><tr><th scope="col"><span class="muted">Choose</span></th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Risk</th><th scope="col">Why</th><th scope="col">Already holds</th><th scope="col">Peers who hold it</th><th scope="col">Waiting</th><th scope="col"><span class="muted">Request</span></th></tr></thead>
<tbody>${entries.map((entry) => row(entry, selected.has(entry.request.id), now))}</tbody></table></div>`;
}
