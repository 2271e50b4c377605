import type { InboxSort } from '../../core/index.ts';
import type { InboxEntry } from '../views/inbox.ts';
import { actionWord } from '../views/request-state.ts';
import { risk, selectField, type TableOrder, when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';
import { type SortColumn, sortableHeaders, sortParams, tableOrder } from './table-sort.ts';

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
  const count = peers.atLeast ? `${peers.total} or more` : String(peers.total);
  return html`${count} in ${typed(peers.department)}: ${peers.names.map((name, i) => html`${i === 0 ? '' : ', '}${typed(name)}`)}${more > 0 ? ` and ${more}${peers.atLeast ? '+' : ''} more` : ''}`;
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

/**
 * The inbox's sortable columns. `waiting` orders by how long a request has waited, so its
 * descending order (the default) is the oldest request first; the others are the store's orders.
 */
const COLUMNS = [
  { sort: 'beneficiary', label: 'Who', first: 'asc' },
  { sort: 'item', label: 'What', first: 'asc' },
  { sort: 'risk', label: 'Risk', first: 'desc' },
  { sort: 'waiting', label: 'Waiting', first: 'desc' },
] as const satisfies ReadonlyArray<SortColumn>;
const [WHO, WHAT, RISK, WAITING] = COLUMNS;

/** The `sort` and `dir` parameters of the inbox page. */
export const inboxSortParams = sortParams(COLUMNS);

/** A sort the inbox page was asked for. */
export type InboxColumn = (typeof COLUMNS)[number]['sort'];

/** The inbox's order as the page shows it, and as the store reads it. */
export function inboxOrder(
  sort: InboxColumn | undefined,
  dir: 'asc' | 'desc' | undefined,
): { shown: TableOrder; store: { sort: InboxSort; direction: 'asc' | 'desc' } } {
  const shown = tableOrder(COLUMNS, 'waiting', sort, dir);
  if (shown.sort === 'waiting')
    return { shown, store: { sort: 'submitted', direction: shown.dir === 'desc' ? 'asc' : 'desc' } };
  return { shown, store: { sort: shown.sort, direction: shown.dir } };
}

const CAPTIONS: Record<InboxColumn, [asc: string, desc: string]> = {
  beneficiary: ['by who, A–Z (last name)', 'by who, Z–A (last name)'],
  item: ['by what, A–Z', 'by what, Z–A'],
  risk: ['lowest risk first', 'highest risk first'],
  waiting: ['newest first', 'oldest first'],
};

/**
 * The order as a small form, shown only where the table becomes cards (a phone), whose header
 * links are out of sight there.
 */
export function inboxOrderForm(order: TableOrder): SafeHtml {
  return html`<form method="get" action="/approvals" class="filters cards-order" aria-label="Order of the requests">
${selectField(
  'order-sort',
  'Sort by',
  COLUMNS.map((c): [string, string] => [c.sort, c.label]),
  order.sort,
  'sort',
)}${selectField(
  'order-dir',
  'Direction',
  [
    ['asc', 'Ascending'],
    ['desc', 'Descending'],
  ],
  order.dir,
  'dir',
)}<div><button type="submit">Sort</button></div></form>`;
}

/** The inbox table: the rows of one page in `order`, the boxes of `selected` ticked (after a refused decision). */
export function inboxRows(
  entries: ReadonlyArray<InboxEntry>,
  selected: ReadonlySet<string>,
  now: Date,
  order: TableOrder,
): SafeHtml {
  const caption = CAPTIONS[order.sort as InboxColumn]?.[order.dir === 'asc' ? 0 : 1] ?? '';
  const muted = (text: string) => html`<span class="muted">${text}</span>`;
  const headers = sortableHeaders('/approvals', {}, order, [
    muted('Choose'),
    WHO,
    WHAT,
    RISK,
    'Why',
    'Already holds',
    'Peers who hold it',
    WAITING,
    muted('Request'),
  ]);
  return html`<div class="table-wrap"><table id="inbox" class="cards"><caption>Requests waiting for you, ${caption}</caption>
<thead>${headers}</thead>
<tbody>${entries.map((entry) => row(entry, selected.has(entry.request.id), now))}</tbody></table></div>`;
}
