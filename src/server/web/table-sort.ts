import { z } from 'zod';
import { sortHeader, type TableOrder } from './components.ts';
import { html, SafeHtml } from './html.ts';

/** A column a table orders by: its `sort` key in the URL, its header, and the direction a first click gives. */
export interface SortColumn<S extends string = string> {
  sort: S;
  label: string;
  first: 'asc' | 'desc';
}

/** The `sort` and `dir` parameters of a sortable list page: an unknown value is named by `readListQuery`. */
export function sortParams<S extends string>(columns: readonly [SortColumn<S>, ...SortColumn<S>[]]) {
  const keys = columns.map((c) => c.sort) as [S, ...S[]];
  return { sort: z.enum(keys).optional(), dir: z.enum(['asc', 'desc']).optional() };
}

/** The order a table shows: the asked column (else `fallback`), in the asked direction (else that column's first). */
export function tableOrder<S extends string>(
  columns: ReadonlyArray<SortColumn<S>>,
  fallback: S,
  sort: S | undefined,
  dir: 'asc' | 'desc' | undefined,
): TableOrder & { sort: S } {
  const key = sort ?? fallback;
  const column = columns.find((c) => c.sort === key);
  return { sort: key, dir: dir ?? column?.first ?? 'asc' };
}

/**
 * A header row: each cell is a sortable column (a link with `aria-sort`) or a plain header; the
 * links keep `params` (the filters) and start from the first page.
 */
export function sortableHeaders(
  path: string,
  params: Record<string, string | number | undefined>,
  order: TableOrder,
  cells: ReadonlyArray<SortColumn | SafeHtml | string>,
): SafeHtml {
  return html`<tr>${cells.map((cell) =>
    typeof cell === 'string' || cell instanceof SafeHtml
      ? html`<th scope="col">${cell}</th>`
      : sortHeader(path, params, order, cell),
  )}</tr>`;
}

/** The order as hidden fields of a filter form, so searching keeps the order the person chose. */
export function orderFields(order: TableOrder): SafeHtml {
  return html`<input type="hidden" name="sort" value="${order.sort}"><input type="hidden" name="dir" value="${order.dir}">`;
}
