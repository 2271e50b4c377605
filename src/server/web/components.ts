import { z } from 'zod';
import type { RequestStatus } from '../../core/index.ts';
import { html, type SafeHtml, typed as typedText } from './html.ts';

/** Builds a URL with query parameters, dropping empty ones. */
export function href(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The page-position parameter of a paged GET page: the `nextCursor` of the page before. */
export const cursorParam = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected the cursor of a next-page link')
  .optional();

/**
 * "Showing 50, from the first" with first-page and next-page links that keep the other parameters;
 * lists page by cursor (keyset), so there is a next page and a way back to the first, not numbered pages.
 */
export function pager(
  path: string,
  params: Record<string, string | number | undefined>,
  page: { items: ReadonlyArray<unknown>; nextCursor: string | null; total?: number },
  cursor: string | undefined,
): SafeHtml {
  const shown = page.items.length.toLocaleString('en');
  const of = page.total === undefined ? '' : ` of ${page.total.toLocaleString('en')}`;
  const next = page.nextCursor === null ? undefined : href(path, { ...params, cursor: page.nextCursor });
  return html`<nav class="pager" aria-label="Pages">
  <span role="status">Showing ${shown}${of}${cursor === undefined ? ' from the first' : ''}</span>
  ${cursor === undefined ? '' : html`<a href="${href(path, params)}">First page</a>`}
  ${next === undefined ? '' : html`<a href="${next}" rel="next">Next page</a>`}
</nav>`;
}

/** A labelled search box (GET form) with optional extra fields. */
export function searchForm(
  path: string,
  label: string,
  q: string | undefined,
  extra: SafeHtml = html``,
): SafeHtml {
  return html`<form method="get" action="${path}" class="filters" role="search">
  <div><label for="q">${label}</label><input id="q" name="q" type="search" maxlength="200" value="${q ?? ''}"></div>
  ${extra}
  <div><button type="submit">Search</button></div>
</form>`;
}

/** A labelled select for a GET filter, named as its id unless `name` says. */
export function selectField(
  id: string,
  label: string,
  options: ReadonlyArray<[value: string, text: string]>,
  selected: string | undefined,
  name: string = id,
): SafeHtml {
  return html`<div><label for="${id}">${label}</label><select id="${id}" name="${name}">${options.map(
    ([value, text]) =>
      html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${text}</option>`,
  )}</select></div>`;
}

/** The Type filter of the catalog and entitlement lists: both, spaces or groups. */
export function entitlementTypeFilter(selected: string | undefined): SafeHtml {
  return selectField(
    'type',
    'Type',
    [
      ['', 'Groups and spaces'],
      ['space', 'Spaces'],
      ['group', 'Groups'],
    ],
    selected,
  );
}

/** A risk level with its colour and its word (never colour alone). */
export function risk(level: string): SafeHtml {
  return html`<span class="risk-${level}">${level}</span>`;
}

const STATUS_WORDS: Record<RequestStatus, string> = {
  awaiting_approval: 'Awaiting approval',
  pending: 'Approved, being fulfilled',
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partly fulfilled',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
  expired: 'Expired',
  resolved_by_hand: 'Done by hand',
};

/** A request status in words people use. */
export function statusText(status: RequestStatus): string {
  return STATUS_WORDS[status];
}

/** A timestamp shortened for tables (UTC, minutes). */
export function when(iso: string | null): string {
  return iso === null ? '' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A table's current order: the column and its direction. */
export interface TableOrder {
  sort: string;
  dir: 'asc' | 'desc';
}

/**
 * A column header that orders the table by its column: a link (keyboard-reachable) that keeps the
 * filters, starts from the first page, and flips the direction when the column already orders the
 * table; `aria-sort` tells a screen reader the current order.
 */
export function sortHeader(
  path: string,
  params: Record<string, string | number | undefined>,
  current: TableOrder,
  column: { sort: string; label: string; first: 'asc' | 'desc' },
): SafeHtml {
  const active = current.sort === column.sort;
  const next = active ? (current.dir === 'asc' ? 'desc' : 'asc') : column.first;
  const state = active ? (current.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const arrow = active ? (current.dir === 'asc' ? ' ▲' : ' ▼') : '';
  const target = href(path, { ...params, sort: column.sort, dir: next });
  const hint = `Sort by ${column.label.toLowerCase()}, ${next === 'asc' ? 'ascending' : 'descending'}`;
  return html`<th scope="col" aria-sort="${state}"><a href="${target}" title="${hint}">${column.label}<span aria-hidden="true">${arrow}</span></a></th>`;
}

/** "No … match" with the filters that are in force, so an empty table says why it is empty. */
export function emptyResult(
  what: string,
  filters: ReadonlyArray<[label: string, value: string | undefined]>,
  clearHref: string,
): SafeHtml {
  const active = filters.filter(([, value]) => value !== undefined && value !== '');
  if (active.length === 0) return html`<p role="status">No ${what} yet.</p>`;
  return html`<p role="status">No ${what} match ${active.map(([label, value], i) => html`${i === 0 ? '' : ' and '}${label} “${typedText(value ?? '')}”`)}. <a href="${clearHref}">Clear the filters</a>.</p>`;
}
