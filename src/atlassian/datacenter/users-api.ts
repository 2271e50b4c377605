import { ConnectorError, toConnectorError } from '../../connector/index.ts';
import { pagesV1 } from '../http/paging.ts';
import type { DcContext } from './context.ts';
import { GROUP_MEMBERS, MEMBER_OF, USER } from './endpoints.ts';
import { rpc } from './rpc.ts';

/** The Person JSON (reference §3): no email on Data Center; `status` with `expand=status`. */
export interface DcPerson {
  type?: string;
  username: string;
  userKey: string;
  displayName?: string;
  status?: string;
  [field: string]: unknown;
}

/** JSON-RPC `RemoteUser` (reference §8): the one read that carries the email. */
export interface RemoteUser {
  name: string;
  fullname?: string;
  email?: string;
  key?: string;
  [field: string]: unknown;
}

/** Whether a Person is active: `expand=status` answers "Active" or "Deactivated" (casing unconfirmed). */
export function isActive(person: DcPerson): boolean {
  return typeof person.status !== 'string' || person.status.toLowerCase() === 'active';
}

function remember(ctx: DcContext, person: DcPerson): DcPerson {
  ctx.userKeys.set(person.username.toLowerCase(), person.userKey);
  return person;
}

/** A user by userKey (`not_found` when there is none), with its status. */
export async function personByKey(ctx: DcContext, userKey: string): Promise<DcPerson> {
  const { body } = await ctx.transport.call<DcPerson>(USER, { query: { key: userKey, expand: 'status' } });
  return remember(ctx, body);
}

/** A user by username, or undefined when there is none. */
export async function personByUsername(ctx: DcContext, username: string): Promise<DcPerson | undefined> {
  try {
    const { body } = await ctx.transport.call<DcPerson>(USER, { query: { username, expand: 'status' } });
    return remember(ctx, body);
  } catch (error) {
    if (toConnectorError(error).code === 'not_found') return undefined;
    throw error;
  }
}

/** The userKey of a username: from what reads have seen, else one lookup; undefined when no such user. */
export async function userKeyOf(ctx: DcContext, username: string): Promise<string | undefined> {
  return ctx.userKeys.get(username.toLowerCase()) ?? (await personByUsername(ctx, username))?.userKey;
}

/** The email and full name of a user (JSON-RPC `getUserByKey`; the REST Person has no email). */
export async function remoteUser(ctx: DcContext, userKey: string): Promise<RemoteUser> {
  return rpc<RemoteUser>(ctx, 'getUserByKey', [userKey]);
}

/** A group's direct members with their status, 200 a page. */
export async function* memberPages(ctx: DcContext, groupName: string): AsyncGenerator<DcPerson[]> {
  for await (const page of pagesV1<DcPerson>(ctx.transport, GROUP_MEMBERS, {
    params: { groupName },
    query: { expand: 'status' },
    limit: 200,
  })) {
    yield page.map((person) => remember(ctx, person));
  }
}

/** The names of every group a user is a direct member of. */
export async function groupNamesOf(ctx: DcContext, userKey: string): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of pagesV1<{ name: string }>(ctx.transport, MEMBER_OF, {
    query: { key: userKey },
    limit: 200,
  })) {
    for (const group of page) names.add(group.name.toLowerCase());
  }
  return names;
}

/**
 * The usernames of the active users holding "Can use" directly or through any group: JSON-RPC
 * `getActiveUsers(false)`, Confluence's own answer (reference §7).
 */
export async function canUseUsernames(ctx: DcContext): Promise<Set<string>> {
  const names = await rpc<string[]>(ctx, 'getActiveUsers', [false]);
  if (!Array.isArray(names)) throw new ConnectorError('invalid_response', 'getActiveUsers returned no list');
  return new Set(names.map((name) => name.toLowerCase()));
}
