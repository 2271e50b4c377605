import type { Endpoint } from './api.ts';
import type { CallOptions, Transport } from './transport.ts';

type Query = CallOptions['query'];

/**
 * Confluence v1 offset paging (`start`/`limit`): follows `_links.next` (relative to the `/wiki`
 * context) and stops when it is absent; https://developer.atlassian.com/cloud/confluence/rest/v1/intro/#pagination
 */
export async function* pagesV1<T>(
  transport: Transport,
  endpoint: Endpoint,
  options: CallOptions & { limit: number; startAt?: number },
): AsyncGenerator<T[]> {
  let start = options.startAt ?? 0;
  for (;;) {
    const query: Query = { ...options.query, start, limit: options.limit };
    const { body } = await transport.call<{ results?: T[]; size?: number; _links?: { next?: string } }>(
      endpoint,
      { ...options, query },
    );
    const results = body?.results ?? [];
    yield results;
    if (body?._links?.next === undefined || results.length === 0) return;
    start += results.length;
  }
}

/**
 * Confluence v2 cursor paging: the next page is in the `Link` header (rel="next") or `_links.next`,
 * a path from the site root; https://developer.atlassian.com/cloud/confluence/rest/v2/intro/#using
 */
export async function* pagesV2<T>(
  transport: Transport,
  endpoint: Endpoint,
  options: CallOptions & { limit: number },
): AsyncGenerator<T[]> {
  let next: string | undefined;
  for (;;) {
    const call: CallOptions =
      next === undefined
        ? { ...options, query: { ...options.query, limit: options.limit } }
        : { ...options, query: undefined, url: next };
    const { headers, body } = await transport.call<{ results?: T[]; _links?: { next?: string } }>(
      endpoint,
      call,
    );
    yield body?.results ?? [];
    next = linkNext(headers.get('link')) ?? body?._links?.next;
    if (next === undefined) return;
    next = new URL(next, transport.base(endpoint.api)).toString();
  }
}

/** The target of `rel="next"` in an RFC 8288 Link header. */
export function linkNext(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;.*rel="?next"?/.exec(part);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/**
 * Admin API cursor paging: `links.next` is a full URL (v1 spec) or an opaque cursor (v2 spec);
 * both are accepted; https://developer.atlassian.com/cloud/admin/organization/rest/intro/#pagination
 */
export async function* pagesAdmin<T>(
  transport: Transport,
  endpoint: Endpoint,
  options: CallOptions,
): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  let url: string | undefined;
  for (;;) {
    const query: Query = url === undefined ? { ...options.query, cursor } : undefined;
    const { body } = await transport.call<{ data?: T[]; links?: { next?: string | null } }>(endpoint, {
      ...options,
      query,
      url,
    });
    yield body?.data ?? [];
    const next = body?.links?.next;
    if (next === undefined || next === null || next === '') return;
    if (/^https?:\/\//.test(next) || next.startsWith('/')) {
      url = new URL(next, transport.base(endpoint.api)).toString();
    } else {
      cursor = next;
    }
  }
}

/**
 * SCIM pages fetched concurrently: the first page gives `totalResults`, then the remaining
 * `startIndex` values are known and requested `width` at a time (order of pages not kept).
 */
export async function* pagesScimConcurrent<T>(
  transport: Transport,
  endpoint: Endpoint,
  options: CallOptions & { count: number; width: number },
): AsyncGenerator<T[]> {
  const page = (startIndex: number) =>
    transport.call<{ Resources?: T[]; totalResults?: number; itemsPerPage?: number }>(endpoint, {
      ...options,
      query: { ...options.query, startIndex, count: options.count },
    });
  const { body: first } = await page(1);
  const resources = first?.Resources ?? [];
  yield resources;
  const step = resources.length;
  const total = first?.totalResults ?? 0;
  if (step === 0 || step >= total) return;
  const starts: number[] = [];
  for (let start = 1 + step; start <= total; start += step) starts.push(start);
  const queue = [...starts];
  const inFlight = new Map<number, Promise<{ start: number; rows: T[] }>>();
  while (queue.length > 0 || inFlight.size > 0) {
    while (queue.length > 0 && inFlight.size < options.width) {
      const start = queue.shift() as number;
      inFlight.set(
        start,
        page(start).then(({ body }) => ({ start, rows: body?.Resources ?? [] })),
      );
    }
    const { start, rows } = await Promise.race(inFlight.values());
    inFlight.delete(start);
    yield rows;
  }
}

/**
 * Confluence v1 offset paging with the later pages in parallel: the first page is asked with
 * `totalQuery` (e.g. `shouldReturnTotalSize=true`) and, when it reports `totalSize`, every other
 * `start` is known and fetched `width` at a time; without a total it falls back to sequential paging.
 */
export async function* pagesV1Concurrent<T>(
  transport: Transport,
  endpoint: Endpoint,
  options: CallOptions & { limit: number; width: number; totalQuery: Record<string, string | boolean> },
): AsyncGenerator<T[]> {
  type Page = { results?: T[]; totalSize?: number; _links?: { next?: string } };
  const page = (start: number, extra: CallOptions['query'] = {}) =>
    transport.call<Page>(endpoint, {
      ...options,
      query: { ...options.query, ...extra, start, limit: options.limit },
    });
  const { body: first } = await page(0, options.totalQuery);
  const results = first?.results ?? [];
  yield results;
  if (first?._links?.next === undefined || results.length === 0) return;
  if (typeof first.totalSize !== 'number') {
    yield* pagesV1<T>(transport, endpoint, {
      ...options,
      query: { ...options.query },
      startAt: results.length,
    });
    return;
  }
  const starts: number[] = [];
  for (let start = results.length; start < first.totalSize; start += results.length) starts.push(start);
  const inFlight = new Map<number, Promise<{ start: number; rows: T[] }>>();
  while (starts.length > 0 || inFlight.size > 0) {
    while (starts.length > 0 && inFlight.size < options.width) {
      const start = starts.shift() as number;
      inFlight.set(
        start,
        page(start).then(({ body }) => ({ start, rows: body?.results ?? [] })),
      );
    }
    const { start, rows } = await Promise.race(inFlight.values());
    inFlight.delete(start);
    yield rows;
  }
}
