import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';

/** Where a response's links point: the instance's base (with the context path) and the context path. */
export interface DcLinks {
  base: string;
  context: string;
}

/** The links of a request: `base` is the origin the client used plus the context path. */
export function linksOf(request: FastifyRequest, contextPath: string): DcLinks {
  return { base: `${request.protocol}://${request.host}${contextPath}`, context: contextPath };
}

/** Reads `start` (non-negative) and `limit` (capped silently at `cap`, reference §2.1). */
export function pageParams(
  query: { start?: string; limit?: string },
  defaultLimit: number,
  cap: number,
): { start: number; limit: number } {
  const start = query.start === undefined ? 0 : Number(query.start);
  const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
  if (!Number.isInteger(start) || start < 0) throw badRequest('start must be a non-negative integer');
  if (!Number.isInteger(limit) || limit < 0) throw badRequest('limit must be a non-negative integer');
  return { start, limit: Math.min(limit, cap) };
}

/**
 * The collection envelope (reference §2.1): `results`, `start`, `limit`, `size` (this page's count),
 * and `_links.next` relative to `_links.base` only when another page exists.
 */
export function pageOf<T>(
  items: readonly T[],
  page: { start: number; limit: number },
  links: DcLinks,
  request: FastifyRequest,
): Record<string, unknown> {
  const results = items.slice(page.start, page.start + page.limit);
  const path = (request.url.split('?')[0] ?? '').slice(links.context.length);
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  const at = (start: number): string => {
    params.set('limit', String(page.limit));
    params.set('start', String(start));
    return `${path}?${params.toString()}`;
  };
  const more = page.limit > 0 && page.start + page.limit < items.length;
  return {
    results,
    start: page.start,
    limit: page.limit,
    size: results.length,
    _links: {
      base: links.base,
      context: links.context,
      self: `${links.base}${path}`,
      ...(more ? { next: at(page.start + page.limit) } : {}),
      ...(page.start > 0 ? { prev: at(Math.max(0, page.start - page.limit)) } : {}),
    },
  };
}
