import { type AccountRecord, spacePermissionValue, toConnectorError } from '../../connector/index.ts';
import { pagesAdmin } from '../http/paging.ts';
import { chunks, mapConcurrent } from '../kit/concurrent.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import { type AccountParts, extrasFrom, summarizeScim, toAccountRecord } from './account-shape.ts';
import type { CloudContext } from './context.ts';
import { ADMIN_USERS } from './endpoints.ts';
import { type CarryingGroup, carryingGroups, memberPages } from './groups-api.ts';
import { guestPages } from './guests.ts';
import type { ScanningList } from './scan-shapes.ts';
import { rowOption } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import { linkedAccountId, scimUserPages, usersBulk } from './users-api.ts';

type Parts = Map<string, AccountParts>;
type Failures = Array<ReadEvent<never>>;

/** Admin API users, the parts the extras need. */
export async function* adminUsers(ctx: CloudContext): AsyncGenerator<{ account_id: string }[]> {
  yield* pagesAdmin<{ account_id: string }>(ctx.transport, ADMIN_USERS, {});
}

/**
 * Streams every account with Confluence access. Who has access: members of the Confluence-carrying
 * groups and the guests of the CQL user search (fetched together). Then, concurrently, the space
 * permission scan (direct grants) and SCIM (names, department, title); finally `users-bulk` in
 * batches of 250 (email, lifecycle status), emitting each batch as it lands and forgetting it.
 */
export async function* readAccounts(
  ctx: CloudContext,
  signal?: AbortSignal,
  list?: ScanningList,
): AsyncGenerator<ReadEvent<AccountRecord>> {
  const parts: Parts = new Map();
  const failures: Failures = [];
  const groups = await carryingGroups(ctx);
  await Promise.all([collectMembers(ctx, groups, parts, failures), collectGuests(ctx, parts)]);
  yield* failures.splice(0);
  await Promise.all([
    collectDirectPermissions(ctx, parts, failures, signal, list),
    collectScim(ctx, parts),
    ctx.config.extraAttributes.some((extra) => extra.source === 'admin')
      ? collectAdminExtras(ctx, parts)
      : undefined,
  ]);
  yield* failures.splice(0);
  for await (const outcome of mapConcurrent(chunks(parts.keys(), 250), ctx.config.concurrency, (batch) =>
    usersBulk(ctx, batch),
  )) {
    if (!outcome.ok) {
      for (const accountId of outcome.item) {
        yield { type: 'failure', key: accountId, error: toConnectorError(outcome.error) };
      }
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

async function collectMembers(
  ctx: CloudContext,
  groups: Map<string, CarryingGroup>,
  parts: Parts,
  failures: Failures,
): Promise<void> {
  for await (const outcome of mapConcurrent(groups.values(), ctx.config.concurrency, async (group) => {
    for await (const page of memberPages(ctx, group.id)) {
      for (const member of page) {
        if (member.accountType !== undefined && member.accountType !== 'atlassian') continue;
        holderOf(parts, member.accountId, member.isExternalCollaborator).groups.push(group.id);
      }
    }
  })) {
    if (!outcome.ok) {
      failures.push({
        type: 'failure',
        key: `group:${outcome.item.id}`,
        error: toConnectorError(outcome.error),
      });
    }
  }
}

async function collectGuests(ctx: CloudContext, parts: Parts): Promise<void> {
  for await (const page of guestPages(ctx)) for (const accountId of page) holderOf(parts, accountId, true);
}

function holderOf(parts: Parts, accountId: string, guest: boolean | undefined): AccountParts {
  let holder = parts.get(accountId);
  if (holder === undefined) {
    holder = { accountId, groups: [], spacePermissions: [], member: { isExternalCollaborator: guest } };
    parts.set(accountId, holder);
  } else if (guest === true && holder.member !== undefined) {
    holder.member.isExternalCollaborator = true;
  }
  return holder;
}

async function collectDirectPermissions(
  ctx: CloudContext,
  parts: Parts,
  failures: Failures,
  signal?: AbortSignal,
  list?: ScanningList,
): Promise<void> {
  const includePersonal = !ctx.config.skipPersonalSpaces;
  for await (const outcome of scanSpaces(ctx, {
    includePersonal,
    ...(signal === undefined ? {} : { signal }),
    ...(list === undefined ? {} : { list }),
  })) {
    if (!outcome.ok) {
      failures.push({
        type: 'failure',
        key: `space:${outcome.item.key}`,
        error: toConnectorError(outcome.error),
      });
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
}

async function collectScim(ctx: CloudContext, parts: Parts): Promise<void> {
  for await (const page of scimUserPages(ctx)) {
    for (const user of page) {
      const holder = parts.get(linkedAccountId(user) ?? '');
      if (holder !== undefined) holder.scim = summarizeScim(user, ctx.config.extraAttributes);
    }
  }
}

async function collectAdminExtras(ctx: CloudContext, parts: Parts): Promise<void> {
  for await (const page of adminUsers(ctx)) {
    for (const user of page) {
      const holder = parts.get(user.account_id);
      if (holder !== undefined) holder.adminExtras = extrasFrom(user, ctx.config.extraAttributes, 'admin');
    }
  }
}
