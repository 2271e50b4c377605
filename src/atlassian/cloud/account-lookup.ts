import {
  type AccountRecord,
  ConnectorError,
  type ReadOptions,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import { adminUsers } from './account-reader.ts';
import { type AccountParts, extrasFrom, summarizeScim, toAccountRecord } from './account-shape.ts';
import type { CloudContext } from './context.ts';
import { type CarryingGroup, groupIdsOf, recentCarryingGroups } from './groups-api.ts';
import { isGuest } from './guests.ts';
import { directRows } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import { recentSpaceByKey, spacePermissionRows } from './spaces-api.ts';
import { linkedAccountId, scimUserByEmail, usersBulk } from './users-api.ts';

/** An account's Confluence access: the carrying groups of the site and those the account holds. */
export interface ConfluenceAccess {
  carrying: Map<string, CarryingGroup>;
  held: Set<string>;
  /** Holds Confluence as a guest (external collaborator) rather than, or besides, through user/admin groups. */
  guest: boolean;
}

/** Reads which Confluence-carrying groups the account holds (`not_found` if the account does not exist). */
export async function confluenceAccess(ctx: CloudContext, accountId: string): Promise<ConfluenceAccess> {
  const [carrying, memberOf] = await Promise.all([recentCarryingGroups(ctx), groupIdsOf(ctx, accountId)]);
  const held = new Set([...memberOf].filter((id) => carrying.has(id)));
  return { carrying, held, guest: held.size === 0 && (await isGuest(ctx, accountId)) };
}

/**
 * The guardrail: before any write to an existing account, confirm it has Confluence product access;
 * otherwise throw `guardrail` (nothing has been written at that point).
 */
export async function requireConfluence(ctx: CloudContext, accountId: string): Promise<ConfluenceAccess> {
  const access = await confluenceAccess(ctx, accountId);
  if (!hasAccess(access)) {
    throw new ConnectorError(
      'guardrail',
      `account ${accountId} has no Confluence product access; refusing to change it`,
      {
        details: { accountId },
      },
    );
  }
  return access;
}

/**
 * Reads one account with the same sources and shape as the list; `not_found` when it does not
 * exist or has no Confluence. Direct space permissions need a scan of every space.
 */
export async function readAccount(
  ctx: CloudContext,
  accountId: string,
  known?: ConfluenceAccess,
  options: ReadOptions = {},
): Promise<AccountRecord> {
  const access = known ?? (await confluenceAccess(ctx, accountId));
  if (!hasAccess(access)) {
    throw new ConnectorError('not_found', `account ${accountId} has no Confluence access`, {
      details: { accountId },
    });
  }
  const [bulk] = await usersBulk(ctx, [accountId]);
  if (bulk === undefined || (bulk.accountType !== undefined && bulk.accountType !== 'atlassian')) {
    throw new ConnectorError('not_found', `account ${accountId} not found`, { details: { accountId } });
  }
  const parts: AccountParts = { accountId, groups: [...access.held], spacePermissions: [], bulk };
  const scimUser = bulk.email ? await scimUserByEmail(ctx, bulk.email) : undefined;
  if (scimUser !== undefined && linkedAccountId(scimUser) === accountId) {
    parts.scim = summarizeScim(scimUser, ctx.config.extraAttributes);
  }
  parts.spacePermissions =
    options.spaces === undefined
      ? await directSpacePermissions(ctx, accountId, !ctx.config.skipPersonalSpaces)
      : await spacePermissionsIn(ctx, accountId, options.spaces);
  if (ctx.config.extraAttributes.some((extra) => extra.source === 'admin')) {
    for await (const page of adminUsers(ctx)) {
      const user = page.find((candidate) => candidate.account_id === accountId);
      if (user !== undefined) {
        parts.adminExtras = extrasFrom(user, ctx.config.extraAttributes, 'admin');
        break;
      }
    }
  }
  const record = toAccountRecord(parts, ctx.config.extraAttributes);
  return options.spaces === undefined
    ? record
    : { ...record, scope: { spaces: [...new Set(options.spaces)] } };
}

/**
 * The `SPACEKEY:option` values the account holds directly in the named spaces only: one permission
 * listing per space, concurrently. A space that does not exist (or is not visible, or was deleted
 * since its id was looked up) holds nothing.
 */
export async function spacePermissionsIn(
  ctx: CloudContext,
  accountId: string,
  spaceKeys: readonly string[],
): Promise<string[]> {
  const keys = [...new Set(spaceKeys)];
  const perSpace = await Promise.all(
    keys.map(async (key) => {
      try {
        const space = await recentSpaceByKey(ctx, key);
        const rows = await spacePermissionRows(ctx, space.id);
        return [...directRows(rows, accountId).keys()].map((option) => spacePermissionValue(key, option));
      } catch (error) {
        if (toConnectorError(error).code === 'not_found') return [];
        throw error;
      }
    }),
  );
  return perSpace.flat();
}

/** Every `SPACEKEY:option` the account holds directly, from a scan of every space. */
export async function directSpacePermissions(
  ctx: CloudContext,
  accountId: string,
  includePersonal: boolean,
): Promise<string[]> {
  const values: string[] = [];
  for await (const outcome of scanSpaces(ctx, { includePersonal })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    for (const option of directRows(outcome.value, accountId).keys()) {
      values.push(spacePermissionValue(outcome.item.key, option));
    }
  }
  return values;
}

/** Whether the account has Confluence product access at all. */
export function hasAccess(access: ConfluenceAccess): boolean {
  return access.held.size > 0 || access.guest;
}
