import {
  type AccountRecord,
  type ConnectorError,
  spacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import { mapConcurrent } from '../kit/concurrent.ts';
import type { ReadEvent } from '../kit/list-run.ts';
import { accessGroups } from './access.ts';
import { type DcAccountParts, toAccountRecord } from './account-shape.ts';
import type { DcContext } from './context.ts';
import { scanSpaces } from './spaces-api.ts';
import { canUseUsernames, type DcPerson, memberPages, personByUsername, remoteUser } from './users-api.ts';

type Parts = Map<string, DcAccountParts>;
type Failure = { type: 'failure'; key: string; error: ConnectorError };

/**
 * Streams every account that can use Confluence. Who: the members of the access groups (200 a
 * page, groups concurrently) and, at the same time, `getActiveUsers(false)`, whose usernames not
 * met in a group (a direct grant, a group not configured) are looked up one by one. Then the space
 * scan adds direct permissions; finally each account's email (JSON-RPC `getUserByKey`, the only
 * read that has it) is fetched concurrently and the account emitted as it lands.
 */
export async function* readAccounts(
  ctx: DcContext,
  signal?: AbortSignal,
): AsyncGenerator<ReadEvent<AccountRecord>> {
  const parts: Parts = new Map();
  const failures: Failure[] = [];
  const [, canUse] = await Promise.all([collectMembers(ctx, parts, failures), canUseUsernames(ctx)]);
  const seen = new Set([...parts.values()].map((part) => part.person.username.toLowerCase()));
  const unseen = [...canUse].filter((username) => !seen.has(username));
  for await (const outcome of mapConcurrent(unseen, ctx.config.concurrency, (name) =>
    personByUsername(ctx, name),
  )) {
    if (!outcome.ok) failures.push(failure(`user:${outcome.item}`, outcome.error));
    else if (outcome.value !== undefined) holderOf(parts, outcome.value);
  }
  yield* failures.splice(0);
  await collectDirectPermissions(ctx, parts, failures, signal);
  yield* failures.splice(0);
  for await (const outcome of mapConcurrent(parts.values(), ctx.config.concurrency, (part) =>
    remoteUser(ctx, part.person.userKey),
  )) {
    parts.delete(outcome.item.person.userKey);
    if (!outcome.ok) {
      yield failure(outcome.item.person.userKey, outcome.error);
      continue;
    }
    yield {
      type: 'item',
      item: toAccountRecord({ ...outcome.item, remote: outcome.value }, ctx.config.extraAttributes),
    };
  }
}

function failure(key: string, error: unknown): Failure {
  return { type: 'failure', key, error: toConnectorError(error) };
}

function holderOf(parts: Parts, person: DcPerson): DcAccountParts {
  let holder = parts.get(person.userKey);
  if (holder === undefined) {
    holder = { person, groups: [], spacePermissions: [] };
    parts.set(person.userKey, holder);
  }
  return holder;
}

async function collectMembers(ctx: DcContext, parts: Parts, failures: Failure[]): Promise<void> {
  for await (const outcome of mapConcurrent(accessGroups(ctx), ctx.config.concurrency, async (group) => {
    for await (const page of memberPages(ctx, group)) {
      for (const person of page) holderOf(parts, person).groups.push(group);
    }
  })) {
    // A configured group that does not exist holds nobody (the connection test names it).
    if (!outcome.ok && toConnectorError(outcome.error).code !== 'not_found')
      failures.push(failure(`group:${outcome.item}`, outcome.error));
  }
}

async function collectDirectPermissions(
  ctx: DcContext,
  parts: Parts,
  failures: Failure[],
  signal?: AbortSignal,
): Promise<void> {
  const byUsername = new Map([...parts.values()].map((part) => [part.person.username.toLowerCase(), part]));
  for await (const outcome of scanSpaces(ctx, { includePersonal: !ctx.config.skipPersonalSpaces, signal })) {
    if (!outcome.ok) {
      failures.push(failure(`space:${outcome.item.key}`, outcome.error));
      continue;
    }
    for (const row of outcome.value) {
      if (row.principal.type !== 'user') continue;
      const holder =
        row.principal.userKey !== undefined
          ? parts.get(row.principal.userKey)
          : byUsername.get(row.principal.username ?? '');
      holder?.spacePermissions.push(spacePermissionValue(outcome.item.key, row.option));
    }
  }
}
