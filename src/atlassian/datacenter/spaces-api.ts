import { ConnectorError, type PermissionOptionId } from '../../connector/index.ts';
import { pagesV1 } from '../http/paging.ts';
import { mapConcurrent, type Settled } from '../kit/concurrent.ts';
import type { DcContext } from './context.ts';
import { GRANT_TO_USER, REVOKE_FROM_USER, SPACE, SPACE_PERMISSIONS, SPACES } from './endpoints.ts';
import { dcPermission, optionForName, optionForPair } from './permission-names.ts';
import { rpc } from './rpc.ts';

/** A space as `GET /rest/api/space` returns it (reference §6.1). */
export interface DcSpace {
  id: number | string;
  key: string;
  name: string;
  type: string;
  status?: string;
}

/** Who holds a row: a user (by userKey from REST, by username from JSON-RPC), a group by name, or anonymous. */
export type DcPrincipal =
  | { type: 'user'; userKey?: string; username?: string }
  | { type: 'group'; name: string }
  | { type: 'anonymous' };

/** One space permission held, as an option (rows for permissions with no option, `EXPORTPAGE`, are dropped). */
export interface DcRow {
  principal: DcPrincipal;
  option: PermissionOptionId;
}

const SPACE_PAGE = 100;

/** Every space, 100 a page (personal spaces only when asked). */
export async function* spacePages(
  ctx: DcContext,
  options: { includePersonal: boolean; signal?: AbortSignal },
): AsyncGenerator<DcSpace[]> {
  yield* pagesV1<DcSpace>(ctx.transport, SPACES, {
    query: options.includePersonal ? {} : { type: 'global' },
    limit: SPACE_PAGE,
    signal: options.signal,
  });
}

/** One space by key (`not_found` when absent or not visible). */
export async function spaceByKey(ctx: DcContext, spaceKey: string): Promise<DcSpace> {
  const { body } = await ctx.transport.call<DcSpace>(SPACE, { params: { spaceKey } });
  return body;
}

type RestRow = {
  operation?: { targetType?: string; operationKey?: string };
  subject?: { type?: string; name?: string; userKey?: string };
};
type RpcSet = {
  type?: string;
  spacePermissions?: Array<{ userName?: string | null; groupName?: string | null }>;
};

/**
 * The permission rows of one space: the REST space permission API on 9.1 and later (users by
 * userKey), JSON-RPC `getSpacePermissionSets` before (users by username, reference §8).
 */
export async function spaceRows(ctx: DcContext, spaceKey: string, signal?: AbortSignal): Promise<DcRow[]> {
  const capabilities = await ctx.capabilities();
  const rows: DcRow[] = [];
  if (capabilities.restSpacePermissions) {
    const { body } = await ctx.transport.call<RestRow[]>(SPACE_PERMISSIONS, { params: { spaceKey }, signal });
    if (!Array.isArray(body))
      throw new ConnectorError('invalid_response', `permissions of ${spaceKey} are not a list`);
    for (const row of body) {
      const option = optionForPair(row.operation?.targetType ?? '', row.operation?.operationKey ?? '');
      const subject = row.subject;
      if (option === undefined || subject === undefined) continue;
      if (subject.type === 'user' && subject.userKey !== undefined)
        rows.push({ principal: { type: 'user', userKey: subject.userKey }, option });
      else if (subject.type === 'group' && subject.name !== undefined)
        rows.push({ principal: { type: 'group', name: subject.name.toLowerCase() }, option });
      else if (subject.type === 'anonymous') rows.push({ principal: { type: 'anonymous' }, option });
    }
    return rows;
  }
  const sets = await rpc<RpcSet[]>(ctx, 'getSpacePermissionSets', [spaceKey]);
  if (!Array.isArray(sets))
    throw new ConnectorError('invalid_response', `permissions of ${spaceKey} are not a list`);
  for (const set of sets) {
    const option = optionForName(set.type ?? '');
    if (option === undefined) continue;
    for (const row of set.spacePermissions ?? []) {
      if (typeof row.userName === 'string')
        rows.push({ principal: { type: 'user', username: row.userName.toLowerCase() }, option });
      else if (typeof row.groupName === 'string')
        rows.push({ principal: { type: 'group', name: row.groupName.toLowerCase() }, option });
      else rows.push({ principal: { type: 'anonymous' }, option });
    }
  }
  return rows;
}

/** Every space with its rows, `2 × concurrency` listings in flight, yielded as each completes. */
export async function* scanSpaces(
  ctx: DcContext,
  options: { includePersonal: boolean; signal?: AbortSignal },
): AsyncGenerator<Settled<DcSpace, DcRow[]>> {
  async function* spaces(): AsyncGenerator<DcSpace> {
    for await (const page of spacePages(ctx, options)) yield* page;
  }
  yield* mapConcurrent(spaces(), ctx.config.concurrency * 2, (space) =>
    spaceRows(ctx, space.key, options.signal),
  );
}

/** The user a write addresses: REST by userKey, JSON-RPC by username. */
export interface DcTarget {
  userKey: string;
  username: string;
}

/** Grants options to a user in one space: one REST call, or one `addPermissionsToSpace`. */
export async function grantToUser(
  ctx: DcContext,
  spaceKey: string,
  user: DcTarget,
  options: PermissionOptionId[],
): Promise<void> {
  const permissions = options.map(requirePermission);
  if ((await ctx.capabilities()).restSpacePermissions) {
    await ctx.transport.call(GRANT_TO_USER, {
      params: { spaceKey, userKey: user.userKey },
      body: permissions.map((permission) => permission.operation),
    });
    return;
  }
  await rpc(ctx, 'addPermissionsToSpace', [permissions.map((p) => p.name), user.username, spaceKey]);
}

/** Revokes options from a user in one space: one REST call, or one `removePermissionFromSpace` each. */
export async function revokeFromUser(
  ctx: DcContext,
  spaceKey: string,
  user: DcTarget,
  options: PermissionOptionId[],
): Promise<void> {
  const permissions = options.map(requirePermission);
  if ((await ctx.capabilities()).restSpacePermissions) {
    await ctx.transport.call(REVOKE_FROM_USER, {
      params: { spaceKey, userKey: user.userKey },
      body: permissions.map((permission) => permission.operation),
    });
    return;
  }
  for (const permission of permissions)
    await rpc(ctx, 'removePermissionFromSpace', [permission.name, user.username, spaceKey]);
}

function requirePermission(option: PermissionOptionId) {
  const permission = dcPermission(option);
  if (permission === undefined)
    throw new ConnectorError('unsupported', `${option} has no Data Center space permission`);
  return permission;
}
