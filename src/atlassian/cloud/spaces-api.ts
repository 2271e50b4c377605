import { ConnectorError, type PermissionOptionId, permissionOption } from '../../connector/index.ts';
import { pagesV2 } from '../http/paging.ts';
import type { CloudContext } from './context.ts';
import { SPACE_PERMISSION_ADD, SPACE_PERMISSION_REMOVE, SPACE_PERMISSIONS, SPACES } from './endpoints.ts';
import { cloudOperation } from './operation-keys.ts';
import { reuseBriefly } from './recent.ts';
import type { ConfluenceSpace } from './space-shapes.ts';

/** One row of a space's v2 permission list. */
export interface PermissionRow {
  id: string;
  principal: { type: string; id?: string };
  operation: { key: string; targetType: string };
}

/** Pages of every space, sorted by id (v2, 250 a page). */
export function spacePages(ctx: CloudContext, signal?: AbortSignal): AsyncGenerator<ConfluenceSpace[]> {
  return pagesV2<ConfluenceSpace>(ctx.transport, SPACES, { limit: ctx.config.pageSize.spaces, signal });
}

/** The space with this key; `not_found` when there is none (or it is not visible). */
export async function spaceByKey(ctx: CloudContext, key: string): Promise<ConfluenceSpace> {
  for await (const page of pagesV2<ConfluenceSpace>(ctx.transport, SPACES, {
    query: { keys: key },
    limit: 1,
  })) {
    const space = page.find((candidate) => candidate.key === key);
    if (space !== undefined) return space;
  }
  throw new ConnectorError('not_found', `space ${key} not found`, { details: { spaceKey: key } });
}

/** How long single-account reads and writes reuse a space looked up by key (its id never changes). */
const SPACE_REUSE_MS = 15_000;

/**
 * The space with this key as looked up within the last 15 s, else looked up now: a fulfillment's
 * write and its read-back, and a burst of grants in one space, find its id once.
 */
export function recentSpaceByKey(ctx: CloudContext, key: string): Promise<ConfluenceSpace> {
  return reuseBriefly(ctx.recent.spaces, key, SPACE_REUSE_MS, () => spaceByKey(ctx, key));
}

/** Every permission row of one space, all pages. */
export async function spacePermissionRows(
  ctx: CloudContext,
  spaceId: string,
  signal?: AbortSignal,
): Promise<PermissionRow[]> {
  const rows: PermissionRow[] = [];
  for await (const page of pagesV2<PermissionRow>(ctx.transport, SPACE_PERMISSIONS, {
    params: { id: spaceId },
    signal,
    limit: ctx.config.pageSize.permissions,
  })) {
    rows.push(...page);
  }
  return rows;
}

/** Grants one option to a user in a space (v1, one permission per call; View must already be held). */
export async function grantToUser(
  ctx: CloudContext,
  spaceKey: string,
  accountId: string,
  option: PermissionOptionId,
): Promise<void> {
  const operation = cloudOperation(option);
  if (operation === undefined) {
    const label = permissionOption(option)?.label ?? option;
    throw new ConnectorError('unsupported', `${label} cannot be granted through Confluence's API`);
  }
  await forgettingScan(ctx, () =>
    ctx.transport.call(SPACE_PERMISSION_ADD, {
      params: { spaceKey },
      body: { subject: { type: 'user', identifier: accountId }, operation },
    }),
  );
}

/**
 * Revokes one permission row by id (204; revoking View removes every permission of that subject).
 * A 404 says the row is gone, which is what a revocation wants: the usual way to meet one is a
 * retried DELETE whose first answer was lost after Confluence had already removed the row.
 */
export async function revokePermission(ctx: CloudContext, spaceKey: string, id: string): Promise<void> {
  await forgettingScan(ctx, async () => {
    try {
      await ctx.transport.call(SPACE_PERMISSION_REMOVE, { params: { spaceKey, id } });
    } catch (error) {
      if (!(error instanceof ConnectorError && error.code === 'not_found')) throw error;
    }
  });
}

/**
 * A space-permission write makes a kept scan stale: drop it, and (by bumping the generation before
 * and after the call) keep no scan that ran while the write was in flight.
 */
async function forgettingScan(ctx: CloudContext, write: () => Promise<unknown>): Promise<void> {
  ctx.scans.snapshot = undefined;
  ctx.scans.generation++;
  try {
    await write();
  } finally {
    ctx.scans.snapshot = undefined;
    ctx.scans.generation++;
  }
}
