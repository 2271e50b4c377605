import {
  type AccountRecord,
  ConnectorError,
  type PermissionOptionId,
  type ReadOptions,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import { confluenceAccess, type DcAccess } from './access.ts';
import { toAccountRecord } from './account-shape.ts';
import type { DcContext } from './context.ts';
import { type DcRow, scanSpaces, spaceByKey, spaceRows } from './spaces-api.ts';
import { type DcPerson, remoteUser } from './users-api.ts';

/** The options a user holds directly in one space's rows (REST names users by key, JSON-RPC by username). */
export function heldBy(rows: readonly DcRow[], person: DcPerson): Set<PermissionOptionId> {
  const username = person.username.toLowerCase();
  return new Set(
    rows
      .filter(
        (row) =>
          row.principal.type === 'user' &&
          (row.principal.userKey === person.userKey || row.principal.username === username),
      )
      .map((row) => row.option),
  );
}

/**
 * Reads one account with the list's sources and shape; `not_found` when no user has the key or it
 * cannot use Confluence (except for a write's read-back: the write may have removed the last "Can
 * use" group). Without `spaces` its direct permissions need a scan of every space.
 */
export async function readAccount(
  ctx: DcContext,
  userKey: string,
  known?: DcAccess,
  options: ReadOptions & { afterWrite?: boolean } = {},
): Promise<AccountRecord> {
  const access = known ?? (await confluenceAccess(ctx, userKey));
  if (!access.canUse && options.afterWrite !== true) {
    throw new ConnectorError('not_found', `user ${userKey} cannot use Confluence`, { details: { userKey } });
  }
  const [remote, spacePermissions] = await Promise.all([
    remoteUser(ctx, userKey),
    options.spaces === undefined
      ? directSpacePermissions(ctx, access.person, !ctx.config.skipPersonalSpaces)
      : spacePermissionsIn(ctx, access.person, options.spaces),
  ]);
  const record = toAccountRecord(
    { person: access.person, groups: [...access.held], spacePermissions, remote },
    ctx.config.extraAttributes,
  );
  return options.spaces === undefined
    ? record
    : { ...record, scope: { spaces: [...new Set(options.spaces)] } };
}

/** `SPACEKEY:option` values held directly in the named spaces only; a space that does not exist holds nothing. */
export async function spacePermissionsIn(
  ctx: DcContext,
  person: DcPerson,
  spaceKeys: readonly string[],
): Promise<string[]> {
  const perSpace = await Promise.all(
    [...new Set(spaceKeys)].map(async (key) => {
      const space = await spaceByKey(ctx, key).catch((error: unknown) => {
        if (toConnectorError(error).code === 'not_found') return undefined;
        throw error;
      });
      if (space === undefined) return [];
      return [...heldBy(await spaceRows(ctx, space.key), person)].map((option) =>
        spacePermissionValue(key, option),
      );
    }),
  );
  return perSpace.flat();
}

/** Every `SPACEKEY:option` the user holds directly, from a scan of every space. */
export async function directSpacePermissions(
  ctx: DcContext,
  person: DcPerson,
  includePersonal: boolean,
): Promise<string[]> {
  const values: string[] = [];
  for await (const outcome of scanSpaces(ctx, { includePersonal })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    for (const option of heldBy(outcome.value, person))
      values.push(spacePermissionValue(outcome.item.key, option));
  }
  return values;
}
