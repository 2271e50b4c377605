import { z } from 'zod';
import type { Page, Store } from '../../core/index.ts';
import { ACCESS_PAGE, type AccessRow, accountAccess } from '../views/directory.ts';
import { cursorParam, pager } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';

const accessQuery = z.object({ cursor: cursorParam });

/** One account's access page by page: a bad cursor is named and the first page shown. */
export async function pagedAccess(store: Store, key: string, query: unknown) {
  const { data, problems } = readListQuery(accessQuery, query);
  const { page: found, cursor } = await withCursorProblem(problems, data.cursor, (at) =>
    accountAccess(store, key, { limit: ACCESS_PAGE, ...(at === undefined ? {} : { cursor: at }) }),
  );
  return { found, cursor, problems };
}

/**
 * An account's effective access as a table, one page of it: the caption counts every row (groups,
 * and space permissions direct and through groups), the pager moves on by cursor.
 */
export function accessTable(options: {
  caption: string;
  access: Page<AccessRow>;
  rows: number;
  path: string;
  cursor: string | undefined;
  problems: ReadonlyArray<string>;
  action?: (row: AccessRow) => SafeHtml | string;
}): SafeHtml {
  const { access, action } = options;
  return html`${problemsAlert(options.problems)}<div class="table-wrap"><table><caption>${options.caption} (${options.rows.toLocaleString('en')})</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Access</th><th scope="col">How</th>${action === undefined ? '' : html`<th scope="col"><span class="muted">Action</span></th>`}</tr></thead>
<tbody>${access.items.map((row) => html`<tr><td>${row.kind === 'group' ? 'group' : 'space permission'}</td><td>${row.label}</td><td>${row.via}</td>${action === undefined ? '' : html`<td>${action(row)}</td>`}</tr>`)}</tbody></table></div>
${pager(options.path, {}, { ...access, total: options.rows }, options.cursor)}`;
}
