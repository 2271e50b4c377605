import {
  ConnectorError,
  type GroupEntitlement,
  PERMISSION_OPTIONS,
  type SpaceEntitlement,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import type { CloudContext } from './context.ts';
import { type CarryingGroup, carryingGroups, groupById } from './groups-api.ts';
import { cloudSpaceOptions } from './operation-keys.ts';
import type { ScanningList } from './scan-shapes.ts';
import { OPTION_INDEX } from './scan-snapshot.ts';
import { grantsOf } from './space-grants.ts';
import { type ScanOptions, scanSpaces } from './space-scan.ts';
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
  list?: ScanningList,
): AsyncGenerator<ReadEvent<SpaceEntitlement>> {
  const names = groupNames(await carryingGroups(ctx));
  for await (const outcome of scanSpaces(ctx, scanOptions(ctx, signal, list))) {
    if (outcome.ok) yield { type: 'item', item: toSpaceEntitlement(outcome.item, outcome.value, names) };
    else yield { type: 'failure', key: outcome.item.key, error: toConnectorError(outcome.error) };
  }
}

/**
 * Streams the Confluence-carrying groups, each with the space permissions the group itself holds.
 * Until the scan ends, a held permission is one number (space index and option index), not a string.
 */
export async function* readGroups(
  ctx: CloudContext,
  signal?: AbortSignal,
  list?: ScanningList,
): AsyncGenerator<ReadEvent<GroupEntitlement>> {
  const groups = await carryingGroups(ctx);
  const held = new Map<string, number[]>([...groups.keys()].map((id) => [id, []]));
  const spaceKeys: string[] = [];
  for await (const outcome of scanSpaces(ctx, scanOptions(ctx, signal, list))) {
    if (!outcome.ok) {
      yield { type: 'failure', key: `space:${outcome.item.key}`, error: toConnectorError(outcome.error) };
      continue;
    }
    const spaceIndex = spaceKeys.push(outcome.item.key) - 1;
    for (const grant of grantsOf(outcome.value, new Map())) {
      if (grant.principal.type !== 'group') continue;
      const values = held.get(grant.principal.groupId);
      for (const option of grant.options)
        values?.push(spaceIndex * OPTION_SLOTS + (OPTION_INDEX.get(option) ?? 0));
    }
  }
  for (const group of groups.values()) {
    const values = (held.get(group.id) ?? []).map((value) =>
      spacePermissionValue(
        spaceKeys[Math.floor(value / OPTION_SLOTS)] ?? '',
        PERMISSION_OPTIONS[value % OPTION_SLOTS]?.id ?? 'view',
      ),
    );
    held.delete(group.id);
    yield { type: 'item', item: toGroupEntitlement(group, values) };
  }
}

const OPTION_SLOTS = 32;

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

function scanOptions(ctx: CloudContext, signal?: AbortSignal, list?: ScanningList): ScanOptions {
  return {
    includePersonal: !ctx.config.skipPersonalSpaces,
    ...(signal === undefined ? {} : { signal }),
    ...(list === undefined ? {} : { list }),
  };
}
