import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';
import { integer, type Query, siteBase } from './request-params.ts';

/** A v1 page: `{results, start, limit, size, _links}` (Confluence REST v1 pagination). */
interface V1Page<T> {
  results: T[];
  start: number;
  limit: number;
  size: number;
  _links: Record<string, string>;
}

/**
 * The `start` and `limit` of a v1 request. A `limit` above the endpoint's maximum is lowered to it
 * (Cloud answers with the limit it applied), unless `rejectAbove` says the endpoint answers 400.
 */
export function v1Window(
  query: Query,
  defaults: { limit: number; max: number; rejectAbove?: boolean },
): { start: number; limit: number } {
  const start = integer(query, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  const requested = integer(query, 'limit', defaults.limit, 0, Number.MAX_SAFE_INTEGER);
  if (requested > defaults.max && defaults.rejectAbove === true)
    throw badRequest(`The limit must not be greater than ${defaults.max}`);
  return { start, limit: Math.min(requested, defaults.max) };
}

/**
 * Cuts one v1 page from the full ordered list. `_links` carries `base`, `context` and `self` (the
 * request without `limit`/`start`) on every page, `next` while more remain and `prev` after the first
 * page, both relative to the `/wiki` context with Confluence's `next=true`/`prev=true` marker
 * (`/rest/api/space?next=true&limit=25&start=25`, measured by brekkylab/backlot#207 and #271).
 */
export function v1Page<T>(
  request: FastifyRequest,
  items: readonly T[],
  window: { start: number; limit: number },
): V1Page<T> {
  const results = items.slice(window.start, window.start + window.limit);
  const base = siteBase(request);
  const [path = '', rawQuery = ''] = request.url.split('?');
  const route = path.slice('/wiki'.length);
  const { lead, trail } = carriedParams(rawQuery);
  const self = [...lead, ...trail].join('&');
  const links: Record<string, string> = {
    base,
    context: '/wiki',
    self: `${base}${route}${self === '' ? '' : `?${self}`}`,
  };
  const link = (marker: string, start: number): string =>
    `${route}?${[...lead, `${marker}=true`, `limit=${window.limit}`, `start=${start}`, ...trail].join('&')}`;
  if (window.limit > 0 && window.start + results.length < items.length)
    links.next = link('next', window.start + results.length);
  if (window.start > 0) links.prev = link('prev', Math.max(0, window.start - window.limit));
  return { results, start: window.start, limit: window.limit, size: results.length, _links: links };
}

/** The request's other parameters: `expand` leads `limit`/`start` in page links, the rest trail. */
function carriedParams(rawQuery: string): { lead: string[]; trail: string[] } {
  const lead: string[] = [];
  const trail: string[] = [];
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (['limit', 'start', 'next', 'prev'].includes(name)) continue;
    (name === 'expand' ? lead : trail).push(`${name}=${encodeURIComponent(value)}`);
  }
  return { lead, trail };
}
