import type { z } from 'zod';
import { DomainError } from '../../core/index.ts';
import { html, type SafeHtml } from './html.ts';

/** What a list page read from its query string: the values it may use, what was typed, and what was wrong. */
export interface ListQuery<T> {
  /** The parsed query, with every field that failed its rule left out. */
  data: T;
  /** The parameters as typed (first value of each, as text), to show again in the filter form. */
  typed: Record<string, string>;
  /** One sentence per bad field, or none. */
  problems: string[];
}

/** The query parameters as text: a repeated parameter keeps its first value. */
function asText(query: unknown): Record<string, string> {
  const fields = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/**
 * Reads a list page's GET parameters forgivingly: a field that breaks its rule (a search longer than
 * the API allows, a forged cursor, an unknown sort) is named in `problems` and left out, so the page
 * still answers with its filter form, the text as typed and the reason, instead of an error page.
 */
export function readListQuery<S extends z.ZodObject>(schema: S, query: unknown): ListQuery<z.infer<S>> {
  const typed = asText(query);
  const first = schema.safeParse(typed);
  if (first.success) return { data: first.data, typed, problems: [] };
  const bad = new Set(first.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const problems = first.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const choices = issue.code === 'invalid_value' ? issue.values.filter((v) => v !== '') : [];
    const why =
      choices.length > 0 ? `“${typed[key] ?? ''}” is not one of ${choices.join(', ')}` : issue.message;
    return `${labelOf(issue.path)}: ${why}.`;
  });
  const kept = Object.fromEntries(Object.entries(typed).filter(([key]) => !bad.has(key)));
  const second = schema.safeParse(kept);
  // Every field of a list schema is optional, so dropping the bad ones parses; if not, keep nothing.
  const data = second.success ? second.data : schema.parse({});
  return { data, typed, problems };
}

const LABELS: Record<string, string> = {
  q: 'Search',
  type: 'Type',
  status: 'Status',
  identity: 'Identity',
  scope: 'Show',
  size: 'Rows per page',
  cursor: 'Page',
  sort: 'Sort',
  dir: 'Sort direction',
  since: 'Since',
  until: 'Until',
};

function labelOf(path: ReadonlyArray<PropertyKey>): string {
  const key = String(path[0] ?? 'query');
  return LABELS[key] ?? key;
}

/** The problems of a list query as an alert, or nothing. */
export function problemsAlert(problems: ReadonlyArray<string>): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="error" role="alert"><p>Not used: ${problems.join(' ')}</p></div>`;
}

/**
 * Runs a page's query; a cursor the store refuses (`page.invalid_cursor`, one of another order) is a
 * problem of the query, answered with the first page and the reason rather than an error page.
 */
export async function withCursorProblem<T>(
  problems: string[],
  cursor: string | undefined,
  run: (cursor: string | undefined) => Promise<T>,
): Promise<{ page: T; cursor: string | undefined }> {
  try {
    return { page: await run(cursor), cursor };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'page.invalid_cursor' || cursor === undefined)
      throw error;
    problems.push('Page: the link is not one this list made (or the order changed); showing the first page.');
    return { page: await run(undefined), cursor: undefined };
  }
}
