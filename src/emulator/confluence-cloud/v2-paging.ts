import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';
import { integer, type Query, single, siteBase } from './request-params.ts';

/** The sort key of a listed item: compared element by element, the last element unique (an id). */
export type SortKey = ReadonlyArray<string | number>;

/** How a v2 list is ordered: each item's key and whether the list runs high to low. */
export interface Keyset<T> {
  keyOf(item: T): SortKey;
  descending?: boolean;
}

/** Orders two sort keys element by element. */
export function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const left = a[index] ?? '';
    const right = b[index] ?? '';
    if (left < right) return -1;
    if (left > right) return 1;
  }
  return 0;
}

/** The cursor that continues a list after the item with this key. */
export function cursorAfter(key: SortKey): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

/** The sort key a v2 cursor carries; 400 for a cursor this emulator did not issue. */
function cursorKey(query: Query): SortKey | undefined {
  const cursor = single(query, 'cursor');
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const key = typeof decoded === 'object' && decoded !== null && 'after' in decoded ? decoded.after : null;
    if (
      Array.isArray(key) &&
      key.length > 0 &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    )
      return key as SortKey;
  } catch {
    // Not base64url JSON: fall through to the 400 below.
  }
  throw badRequest(`Provided value {${cursor}} for 'cursor' is not valid.`);
}

/**
 * Cuts one v2 page from the full ordered list. The cursor names the last item served (a keyset, as
 * Cloud's cursors are), so rows added or removed between pages neither repeat nor skip the rest. The
 * next page is in the `Link` header (`rel="next"`, beside `rel="base"`) and in `_links.next`, both
 * relative to the host; neither on the last page. `limit` is 1–250, default 25 (400 outside).
 */
export function v2Page<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  query: Query,
  keyset: Keyset<T>,
): { results: T[]; _links: { next?: string; base: string } } {
  const limit = integer(query, 'limit', 25, 1, 250);
  const after = cursorKey(query);
  const sign = keyset.descending === true ? -1 : 1;
  const start =
    after === undefined ? 0 : items.findIndex((item) => sign * compareKeys(keyset.keyOf(item), after) > 0);
  const from = start < 0 ? items.length : start;
  const results = items.slice(from, from + limit);
  const base = siteBase(request);
  const links: { next?: string; base: string } = { base };
  const relations = [`<${base}>; rel="base"`];
  const last = results.at(-1);
  if (last !== undefined && from + results.length < items.length) {
    const [path = '', rawQuery = ''] = request.url.split('?');
    const params = new URLSearchParams(rawQuery);
    params.set('cursor', cursorAfter(keyset.keyOf(last)));
    params.set('limit', String(limit));
    links.next = `${path}?${params.toString()}`;
    relations.unshift(`<${links.next}>; rel="next"`);
  }
  reply.header('Link', relations.join(', '));
  return { results, _links: links };
}
