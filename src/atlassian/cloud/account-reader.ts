import type { AccountRecord } from '../../connector/index.ts';
import { type ConnectorError, spacePermissionValue, toConnectorError } from '../../connector/index.ts';
import { ADMIN_USERS } from '../http/endpoints.ts';
import { pagesAdmin } from '../http/paging.ts';
import { type AccountParts, extrasFrom, summarizeScim, toAccountRecord } from './account-shape.ts';
import { chunks, mapConcurrent } from './concurrent.ts';
import type { CloudContext } from './context.ts';
import { type CarryingGroup, carryingGroups, memberPages } from './groups-api.ts';
import { guestPages } from './guests.ts';
import { rowOption } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import { linkedAccountId, scimUserPages, usersBulk } from './users-api.ts';

/** Admin API users, the parts the extras need. */
export async function* adminUsers(ctx: CloudContext): AsyncGenerator<{ account_id: string }[]> {
  yield* pagesAdmin<{ account_id: string }>(ctx.transport, ADMIN_USERS, {});
}

/** What a list stream carries before delta and stats are applied. */
export type ReadEvent<T> =
  | { type: 'item'; item: T }
  | { type: 'failure'; key: string; error: ConnectorError };

/**
 * Streams every account with Confluence access. The join: members of the Confluence-carrying
 * groups and the guests from the CQL user search (who has access), the space permission scan (direct grants), SCIM (names, department,
 * title), then `users-bulk` in batches of 250 (email, lifecycle status), emitting each batch as it lands.
 */
export async function* readAccounts(
  ctx: CloudContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<AccountRecord>> {
  const groups = await carryingGroups(ctx);
  const parts = new Map<string, AccountParts>();
  for await (const outcome of mapConcurrent(groups.values(), ctx.config.concurrency, (group) =>
    collectMembers(ctx, group, parts),
  )) {
    if (!outcome.ok)
      yield { type: 'failure', key: `group:${outcome.item.id}`, error: toConnectorError(outcome.error) };
  }
  for await (const page of guestPages(ctx)) {
    for (const accountId of page) {
      if (!parts.has(accountId)) {
        parts.set(accountId, {
          accountId,
          groups: [],
          spacePermissions: [],
          member: { isExternalCollaborator: true },
        });
      }
    }
  }
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (!outcome.ok) {
      yield { type: 'failure', key: `space:${outcome.item.key}`, error: toConnectorError(outcome.error) };
      continue;
    }
    for (const row of outcome.value) {
      const holder = row.principal.type === 'user' ? parts.get(row.principal.id ?? '') : undefined;
      const option = rowOption(row);
      if (holder !== undefined && option !== undefined) {
        holder.spacePermissions.push(spacePermissionValue(outcome.item.key, option));
      }
    }
  }
  for await (const page of scimUserPages(ctx)) {
    for (const user of page) {
      const holder = parts.get(linkedAccountId(user) ?? '');
      if (holder !== undefined) holder.scim = summarizeScim(user, ctx.config.extraAttributes);
    }
  }
  if (ctx.config.extraAttributes.some((extra) => extra.source === 'admin'))
    await collectAdminExtras(ctx, parts);
  for await (const outcome of mapConcurrent(chunks(parts.keys(), 250), ctx.config.concurrency, (batch) =>
    usersBulk(ctx, batch),
  )) {
    if (!outcome.ok) {
      for (const accountId of outcome.item)
        yield { type: 'failure', key: accountId, error: toConnectorError(outcome.error) };
      continue;
    }
    for (const user of outcome.value) {
      const holder = parts.get(user.accountId);
      if (holder === undefined || (user.accountType !== undefined && user.accountType !== 'atlassian'))
        continue;
      holder.bulk = user;
      yield { type: 'item', item: toAccountRecord(holder, ctx.config.extraAttributes) };
    }
    for (const accountId of outcome.item) parts.delete(accountId);
  }
}

async function collectMembers(ctx: CloudContext, group: CarryingGroup, parts: Map<string, AccountParts>) {
  for await (const page of memberPages(ctx, group.id)) {
    for (const member of page) {
      if (member.accountType !== undefined && member.accountType !== 'atlassian') continue;
      let holder = parts.get(member.accountId);
      if (holder === undefined) {
        const { email, isExternalCollaborator } = member;
        holder = {
          accountId: member.accountId,
          groups: [],
          spacePermissions: [],
          member: { email, isExternalCollaborator },
        };
        parts.set(member.accountId, holder);
      }
      holder.groups.push(group.id);
    }
  }
}

async function collectAdminExtras(ctx: CloudContext, parts: Map<string, AccountParts>): Promise<void> {
  for await (const page of adminUsers(ctx)) {
    for (const user of page) {
      const holder = parts.get(user.account_id);
      if (holder !== undefined) holder.adminExtras = extrasFrom(user, ctx.config.extraAttributes, 'admin');
    }
  }
}
