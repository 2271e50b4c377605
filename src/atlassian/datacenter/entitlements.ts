import {
  ConnectorError,
  type GroupEntitlement,
  type PermissionOptionId,
  type SpaceEntitlement,
  type SpaceGrant,
  sortOptions,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import { accessGroups } from './access.ts';
import type { DcContext } from './context.ts';
import { GROUP } from './endpoints.ts';
import { dcSpaceOptions } from './permission-names.ts';
import { type DcRow, type DcSpace, scanSpaces, spaceByKey, spaceRows } from './spaces-api.ts';
import { userKeyOf } from './users-api.ts';

/** The grants of one space, users by userKey (JSON-RPC's usernames resolved; a vanished user is dropped). */
async function grantsOf(ctx: DcContext, rows: readonly DcRow[]): Promise<SpaceGrant[]> {
  const byWho = new Map<string, { principal: SpaceGrant['principal']; options: PermissionOptionId[] }>();
  for (const row of rows) {
    let principal: SpaceGrant['principal'] | undefined;
    if (row.principal.type === 'group')
      principal = { type: 'group', groupId: row.principal.name, name: row.principal.name };
    else if (row.principal.type === 'anonymous') principal = { type: 'anonymous' };
    else {
      const accountKey = row.principal.userKey ?? (await userKeyOf(ctx, row.principal.username ?? ''));
      if (accountKey !== undefined) principal = { type: 'user', accountKey };
    }
    if (principal === undefined) continue;
    const who =
      principal.type === 'user'
        ? `u:${principal.accountKey}`
        : principal.type === 'group'
          ? `g:${principal.groupId}`
          : 'a';
    const entry = byWho.get(who) ?? { principal, options: [] };
    entry.options.push(row.option);
    byWho.set(who, entry);
  }
  return [...byWho.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, entry]) => ({ principal: entry.principal, options: sortOptions(entry.options) }));
}

/** Shapes a space and its rows as a `space` entitlement. */
async function toSpaceEntitlement(
  ctx: DcContext,
  space: DcSpace,
  rows: readonly DcRow[],
): Promise<SpaceEntitlement> {
  return {
    type: 'space',
    key: space.key,
    attributes: {
      id: String(space.id),
      key: space.key,
      name: space.name,
      spaceType: space.type === 'personal' ? 'personal' : 'global',
      status: space.status === 'archived' ? 'archived' : 'current',
      options: dcSpaceOptions(),
      grants: await grantsOf(ctx, rows),
    },
  };
}

/** Streams every space (personal ones unless configured away) with who holds what. */
export async function* readSpaces(
  ctx: DcContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<SpaceEntitlement>> {
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (!outcome.ok) {
      yield { type: 'failure', key: outcome.item.key, error: toConnectorError(outcome.error) };
      continue;
    }
    try {
      yield { type: 'item', item: await toSpaceEntitlement(ctx, outcome.item, outcome.value) };
    } catch (error) {
      yield { type: 'failure', key: outcome.item.key, error: toConnectorError(error) };
    }
  }
}

/** The access groups that exist, by name as Confluence spells it. */
async function existingAccessGroups(ctx: DcContext): Promise<string[]> {
  const found = await Promise.all(
    accessGroups(ctx).map(async (name) => {
      try {
        const { body } = await ctx.transport.call<{ name: string }>(GROUP, { params: { groupName: name } });
        return body.name.toLowerCase();
      } catch (error) {
        if (toConnectorError(error).code === 'not_found') return undefined;
        throw error;
      }
    }),
  );
  return found.filter((name): name is string => name !== undefined);
}

/** Streams the access groups, each with the space permissions the group itself holds. */
export async function* readGroups(
  ctx: DcContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<GroupEntitlement>> {
  const groups = await existingAccessGroups(ctx);
  const held = new Map<string, string[]>(groups.map((name) => [name, []]));
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (!outcome.ok) {
      yield { type: 'failure', key: `space:${outcome.item.key}`, error: toConnectorError(outcome.error) };
      continue;
    }
    for (const row of outcome.value) {
      if (row.principal.type === 'group')
        held.get(row.principal.name)?.push(spacePermissionValue(outcome.item.key, row.option));
    }
  }
  for (const name of groups) yield { type: 'item', item: toGroupEntitlement(name, held.get(name) ?? []) };
}

function toGroupEntitlement(name: string, spacePermissions: string[]): GroupEntitlement {
  return {
    type: 'group',
    key: name,
    attributes: {
      id: name,
      name,
      description: null,
      role: 'user',
      spacePermissions: spacePermissions.sort(),
    },
  };
}

/** Reads one entitlement: an access group by name, or a space by key; `not_found` otherwise. */
export async function readEntitlement(
  ctx: DcContext,
  type: 'group' | 'space',
  key: string,
): Promise<GroupEntitlement | SpaceEntitlement> {
  if (type === 'space') {
    const space = await spaceByKey(ctx, key);
    return toSpaceEntitlement(ctx, space, await spaceRows(ctx, space.key));
  }
  const name = key.toLowerCase();
  if (!(await existingAccessGroups(ctx)).includes(name))
    throw new ConnectorError('not_found', `group ${key} does not hold "Can use"`, {
      details: { group: key },
    });
  for await (const event of readGroups(ctx)) {
    if (event.type === 'failure') throw event.error;
    if (event.item.key === name) return event.item;
  }
  return toGroupEntitlement(name, []);
}
