import { type AccountRecord, toConnectorError } from '../../connector/index.ts';
import { pagesAdmin } from '../http/paging.ts';
import { chunks, mapConcurrent } from '../kit/concurrent.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import { extrasFrom, summarizeScim, toAccountRecord } from './account-shape.ts';
import { AccountTable } from './account-table.ts';
import type { CloudContext } from './context.ts';
import { ADMIN_USERS } from './endpoints.ts';
import { type CarryingGroup, carryingGroups, memberPages } from './groups-api.ts';
import { guestPages } from './guests.ts';
import type { ScanningList } from './scan-shapes.ts';
import { rowOption } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import { linkedAccountId, scimUserPages, usersBulk } from './users-api.ts';

type Parts = AccountTable;
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
 * Until then each account is one compact row of an `AccountTable`, not a set of objects.
 */
export async function* readAccounts(
  ctx: CloudContext,
  signal?: AbortSignal,
  list?: ScanningList,
): AsyncGenerator<ReadEvent<AccountRecord>> {
  const parts: Parts = new AccountTable();
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
      const row = parts.find(user.accountId);
      if (row === undefined || (user.accountType !== undefined && user.accountType !== 'atlassian')) continue;
      const holder = parts.partsOf(row);
      holder.bulk = user;
      yield { type: 'item', item: toAccountRecord(holder, ctx.config.extraAttributes) };
    }
    for (const accountId of outcome.item) parts.forget(accountId);
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
        parts.addGroup(parts.holder(member.accountId, member.isExternalCollaborator), group.id);
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
  for await (const page of guestPages(ctx)) for (const accountId of page) parts.holder(accountId, true);
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
    const space = parts.space(outcome.item.key);
    for (const row of outcome.value) {
      const holder = row.principal.type === 'user' ? parts.find(row.principal.id ?? '') : undefined;
      const option = rowOption(row);
      if (holder !== undefined && option !== undefined) parts.addPermission(holder, space, option);
    }
  }
}

async function collectScim(ctx: CloudContext, parts: Parts): Promise<void> {
  for await (const page of scimUserPages(ctx)) {
    for (const user of page) {
      const row = parts.find(linkedAccountId(user) ?? '');
      if (row !== undefined) parts.setScim(row, summarizeScim(user, ctx.config.extraAttributes));
    }
  }
}

async function collectAdminExtras(ctx: CloudContext, parts: Parts): Promise<void> {
  for await (const page of adminUsers(ctx)) {
    for (const user of page) {
      const row = parts.find(user.account_id);
      if (row !== undefined) parts.setAdminExtras(row, extrasFrom(user, ctx.config.extraAttributes, 'admin'));
    }
  }
}
