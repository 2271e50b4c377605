import { z } from 'zod';
import { parseAdminBody } from './admin-body.ts';
import { AdminApiError } from './admin-error.ts';

/**
 * Page size of the v2 directory lists when `limit` is absent, and its maximum: 100
 * (the maximum documented for `limit`; the default is unconfirmed, so the emulator uses the maximum).
 */
const V2_PAGE_LIMIT = 100;

/** A list parameter: repeated query keys, comma-separated values, or a JSON array. */
const List = z.preprocess((value) => {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .filter((v) => v !== '');
}, z.array(z.string()).optional());

const Flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean().optional(),
);

const Common = {
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(V2_PAGE_LIMIT).optional(),
  accountIds: List,
  directoryIds: List,
  resourceIds: List,
  groupIds: List,
  roleIds: List,
  searchTerm: z.string().optional(),
  expand: List,
  sortBy: z.unknown().optional(),
};

/** Filters of the v2 user list and search (jira.js `GetDirectoryUsers`, `SearchDirectoryUsers`). */
export const UserQuery = z.object({
  ...Common,
  mfaEnabled: Flag,
  claimStatus: z.enum(['managed', 'unmanaged']).optional(),
  status: List,
  accountStatus: List,
  membershipStatus: List,
  emailDomains: List,
  emails: List,
});

/** Filters of the v2 group list and search (jira.js `GetGroups`, `SearchDirectoryGroups`). */
export const GroupQuery = z.object({
  ...Common,
  resourceOwners: List,
  groupNames: List,
  counts: Flag,
});

/** Filters of a group's role assignments (jira.js `GetGroupRoleAssignments`). */
export const RoleAssignmentQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(V2_PAGE_LIMIT).optional(),
  directoryIds: List,
  resourceOwners: List,
  resourceIds: List,
  roleIds: List,
});

/** The query a cursor carries: the filters it was issued for and where the next page starts. */
interface CursorState<Q> {
  list: string;
  offset: number;
  query: Q;
}

/**
 * Reads a v2 list request: a cursor, when present, carries the filters it was issued for and every other
 * parameter is discarded (jira.js `GetDirectoryUsers.cursor`); a cursor not issued here is `ADMIN-400-1`.
 */
export function readV2Query<Q extends { cursor?: string | undefined }>(
  list: string,
  schema: z.ZodType<Q>,
  input: unknown,
): { query: Q; offset: number } {
  const query = parseAdminBody(schema, input ?? {});
  if (query.cursor === undefined) return { query, offset: 0 };
  try {
    const decoded = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as CursorState<Q>;
    if (decoded.list === list && Number.isInteger(decoded.offset) && decoded.offset >= 0) {
      return { query: parseAdminBody(schema, decoded.query), offset: decoded.offset };
    }
  } catch {
    // Falls through to the invalid-cursor error below.
  }
  throw new AdminApiError(400, 'ADMIN-400-1', `The page cursor ${query.cursor} is not valid`);
}

/**
 * One v2 page: `data` plus `links` whose `self`/`prev`/`next` are cursors, not URLs (jira.js `LinkPageCursor`).
 * Positions are indexes into `source`, and only items passing `matches` are returned, so a page costs
 * the stretch of `source` it covers, not a filter of the whole list.
 */
export function v2Page<T, Q extends { cursor?: string | undefined; limit?: number | undefined }>(
  list: string,
  source: readonly T[],
  query: Q,
  offset: number,
  matches: (item: T) => boolean = () => true,
): { data: T[]; links: { self: string; prev?: string; next?: string } } {
  const size = query.limit ?? V2_PAGE_LIMIT;
  const { cursor: _cursor, ...filters } = query;
  const at = (position: number): string =>
    Buffer.from(JSON.stringify({ list, offset: position, query: filters }), 'utf8').toString('base64url');
  const matchAt = (index: number): boolean => {
    const item = source[index];
    return item !== undefined && matches(item);
  };
  const data: T[] = [];
  let index = offset;
  for (; index < source.length && data.length < size; index++) {
    const item = source[index];
    if (item !== undefined && matchAt(index)) data.push(item);
  }
  while (index < source.length && !matchAt(index)) index++;
  let prevStart = -1;
  for (let back = Math.min(offset, source.length) - 1, found = 0; back >= 0 && found < size; back--) {
    if (matchAt(back)) {
      prevStart = back;
      found++;
    }
  }
  return {
    data,
    links: {
      self: at(offset),
      ...(prevStart >= 0 ? { prev: at(prevStart) } : {}),
      ...(index < source.length ? { next: at(index) } : {}),
    },
  };
}
