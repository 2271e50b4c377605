import type { FastifyRequest } from 'fastify';
import { AdminApiError } from './admin-error.ts';

/** One page of a list, with the offsets of its neighbours (null at either end). */
export interface Page<T> {
  items: T[];
  offset: number;
  prevOffset: number | null;
  nextOffset: number | null;
}

/** Encodes a list position as an opaque cursor, scoped to one list so cursors cannot be mixed up. */
function encodeCursor(list: string, offset: number): string {
  return Buffer.from(`${list}:${offset}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from `encodeCursor`; an absent cursor is the first page, anything else that does not
 * decode to a position inside the list is `ADMIN-400-1` (invalid page cursor).
 */
function decodeCursor(list: string, cursor: string | undefined, total: number): number {
  if (cursor === undefined || cursor === '') return 0;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([a-z0-9-]+):(\d{1,9})$/.exec(decoded);
  const offset = match === null || match[1] !== list ? Number.NaN : Number(match[2]);
  if (!Number.isInteger(offset) || offset > total || encodeCursor(list, offset) !== cursor) {
    throw new AdminApiError(400, 'ADMIN-400-1', `The page cursor ${cursor} is not valid`);
  }
  return offset;
}

/** Cuts one page of `size` items out of `all`, starting at the cursor's position. */
export function pageOf<T>(
  list: string,
  all: readonly T[],
  cursor: string | undefined,
  size: number,
): Page<T> {
  const offset = decodeCursor(list, cursor, all.length);
  const end = offset + size;
  return {
    items: all.slice(offset, end),
    offset,
    prevOffset: offset > 0 ? Math.max(0, offset - size) : null,
    nextOffset: end < all.length ? end : null,
  };
}

/** The absolute URL of this request's path, as Atlassian's `links` carry it. */
export function absolutePath(request: FastifyRequest, path?: string): string {
  const own = request.url.split('?')[0] ?? request.url;
  return `${request.protocol}://${request.host}${path ?? own}`;
}

/** The `links` of a v1 page: full URLs that carry `?cursor=` (spec `LinkPageModel`). */
export function pageLinks(
  request: FastifyRequest,
  list: string,
  page: Page<unknown>,
): { self: string; prev?: string; next?: string } {
  const base = absolutePath(request);
  const at = (offset: number): string =>
    offset === 0 ? base : `${base}?cursor=${encodeCursor(list, offset)}`;
  return {
    self: at(page.offset),
    ...(page.prevOffset === null ? {} : { prev: at(page.prevOffset) }),
    ...(page.nextOffset === null ? {} : { next: at(page.nextOffset) }),
  };
}
