import {
  ConnectorError,
  type GroupEntitlement,
  type SpaceEntitlement,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import type { CloudContext } from './context.ts';
import { type CarryingGroup, carryingGroups, groupById } from './groups-api.ts';
import { cloudSpaceOptions } from './operation-keys.ts';
import { grantsOf } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import type { ConfluenceSpace } from './space-shapes.ts';
import { type PermissionRow, spaceByKey, spacePermissionRows } from './spaces-api.ts';

const SPACE_TYPES = new Set(['global', 'personal', 'collaboration', 'knowledge_base']);

/** Shapes a space and its permission rows as a `space` entitlement. */
export function toSpaceEntitlement(
  space: ConfluenceSpace,
  rows: PermissionRow[],
  groupNames: ReadonlyMap<string, string>,
): SpaceEntitlement {
  return {
    type: 'space',
    key: space.key,
    attributes: {
      id: String(space.id),
      key: space.key,
      name: space.name,
      spaceType: (SPACE_TYPES.has(space.type)
        ? space.type
        : 'global') as SpaceEntitlement['attributes']['spaceType'],
      status: space.status === 'archived' ? 'archived' : 'current',
      options: cloudSpaceOptions(),
      grants: grantsOf(rows, groupNames),
    },
  };
}

/** Streams every space (personal ones unless configured away) with who holds what, as each completes. */
export async function* readSpaces(
  ctx: CloudContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<SpaceEntitlement>> {
  const names = groupNames(await carryingGroups(ctx));
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (outcome.ok) yield { type: 'item', item: toSpaceEntitlement(outcome.item, outcome.value, names) };
    else yield { type: 'failure', key: outcome.item.key, error: toConnectorError(outcome.error) };
  }
}

/** Streams the Confluence-carrying groups, each with the space permissions the group itself holds. */
export async function* readGroups(
  ctx: CloudContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<GroupEntitlement>> {
  const groups = await carryingGroups(ctx);
  const held = new Map<string, string[]>([...groups.keys()].map((id) => [id, []]));
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (!outcome.ok) {
      yield { type: 'failure', key: `space:${outcome.item.key}`, error: toConnectorError(outcome.error) };
      continue;
    }
    for (const grant of grantsOf(outcome.value, new Map())) {
      if (grant.principal.type !== 'group') continue;
      const list = held.get(grant.principal.groupId);
      for (const option of grant.options) list?.push(spacePermissionValue(outcome.item.key, option));
    }
  }
  for (const group of groups.values()) {
    yield { type: 'item', item: toGroupEntitlement(group, held.get(group.id) ?? []) };
  }
}

/** Reads one entitlement: a Confluence-carrying group by id, or a space by key; `not_found` otherwise. */
export async function readEntitlement(
  ctx: CloudContext,
  type: 'group' | 'space',
  key: string,
): Promise<GroupEntitlement | SpaceEntitlement> {
  const groups = await carryingGroups(ctx);
  if (type === 'space') {
    const space = await spaceByKey(ctx, key);
    return toSpaceEntitlement(space, await spacePermissionRows(ctx, space.id), groupNames(groups));
  }
  const group = groups.get(key);
  if (group === undefined) {
    await groupById(ctx, key);
    throw new ConnectorError('not_found', `group ${key} carries no Confluence access`, {
      details: { groupId: key },
    });
  }
  for await (const item of readGroups(ctx)) {
    if (item.type === 'failure') throw item.error;
    if (item.item.key === key) return item.item;
  }
  return toGroupEntitlement(group, []);
}

function toGroupEntitlement(group: CarryingGroup, spacePermissions: string[]): GroupEntitlement {
  return {
    type: 'group',
    key: group.id,
    attributes: {
      id: group.id,
      name: group.name,
      description: null,
      role: group.role,
      spacePermissions: spacePermissions.sort(),
    },
  };
}

function groupNames(groups: Map<string, CarryingGroup>): Map<string, string> {
  return new Map([...groups.values()].map((group) => [group.id, group.name]));
}
