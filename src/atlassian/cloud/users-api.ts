import { pagesScimConcurrent } from '../http/paging.ts';
import { chunks } from '../kit/concurrent.ts';
import type { ExtraAttribute } from './config.ts';
import type { CloudContext } from './context.ts';
import {
  LIFECYCLE_DISABLE,
  LIFECYCLE_ENABLE,
  SCIM_CREATE_USER,
  SCIM_USER,
  SCIM_USERS,
  USERS_BULK,
} from './endpoints.ts';

/** A user as v2 `users-bulk` returns it. */
export interface BulkUser {
  accountId: string;
  accountType?: string;
  accountStatus?: string;
  displayName?: string;
  email?: string;
  isExternalCollaborator?: boolean;
}

/** The SCIM extension that links a SCIM user to its Atlassian accountId. */
export const ATLASSIAN_EXTENSION = 'urn:scim:schemas:extension:atlassian-external:1.0';
/** The SCIM enterprise user extension (RFC 7643 §4.3). */
export const ENTERPRISE_EXTENSION = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A SCIM user resource, the parts the connector reads. */
export interface ScimUser {
  id: string;
  userName: string;
  active?: boolean;
  displayName?: string;
  title?: string;
  department?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  emails?: Array<{ value: string; primary?: boolean }>;
  [ATLASSIAN_EXTENSION]?: { atlassianAccountId?: string };
  [ENTERPRISE_EXTENSION]?: { department?: string; organization?: string };
  [attribute: string]: unknown;
}

/** Users by accountId, 250 per call (a read, so safe to retry). */
export async function usersBulk(ctx: CloudContext, accountIds: string[]): Promise<BulkUser[]> {
  const users: BulkUser[] = [];
  for (const batch of chunks(accountIds, 250)) {
    const { body } = await ctx.transport.call<{ results?: BulkUser[] }>(USERS_BULK, {
      body: { accountIds: batch },
      idempotent: true,
    });
    users.push(...(body?.results ?? []));
  }
  return users;
}

/**
 * The bulky user attributes an account list never reads: a user's group references (with their
 * `$ref` URLs) and `meta` are about 40% of a page. Left out with `excludedAttributes` (RFC 7644
 * §3.4.2.5, which Atlassian's Get users takes), so a page of 100 stays a small, short-lived string.
 */
const UNREAD_SCIM_ATTRIBUTES = ['groups', 'meta'];

/** What the SCIM pages leave out: the unread attributes, less any a configured SCIM extra reads. */
function scimExcludedAttributes(extras: readonly ExtraAttribute[]): string | undefined {
  const read = new Set(
    extras.filter((extra) => extra.source === 'scim').map((extra) => extra.path.split('.')[0]?.toLowerCase()),
  );
  const excluded = UNREAD_SCIM_ATTRIBUTES.filter((attribute) => !read.has(attribute));
  return excluded.length === 0 ? undefined : excluded.join(',');
}

/** Pages of every user in the SCIM directory, several pages in flight (in no particular order). */
export function scimUserPages(ctx: CloudContext): AsyncGenerator<ScimUser[]> {
  const excludedAttributes = scimExcludedAttributes(ctx.config.extraAttributes);
  return pagesScimConcurrent<ScimUser>(ctx.transport, SCIM_USERS, {
    count: ctx.config.pageSize.scim,
    width: ctx.config.concurrency,
    ...(excludedAttributes === undefined ? {} : { query: { excludedAttributes } }),
  });
}

/** The SCIM user with this userName (email), if any: one `eq` filter, as Atlassian allows. */
export async function scimUserByEmail(ctx: CloudContext, email: string): Promise<ScimUser | undefined> {
  const { body } = await ctx.transport.call<{ Resources?: ScimUser[] }>(SCIM_USERS, {
    query: { filter: `userName eq "${email.replace(/["\\]/g, '')}"` },
  });
  return body?.Resources?.find((user) => user.userName.toLowerCase() === email.toLowerCase());
}

/** The accountId a SCIM user is linked to. */
export function linkedAccountId(user: ScimUser): string | undefined {
  return user[ATLASSIAN_EXTENSION]?.atlassianAccountId;
}

/** Creates a SCIM user (201); a 409 means it exists and surfaces as `conflict`. */
export async function createScimUser(
  ctx: CloudContext,
  resource: Record<string, unknown>,
): Promise<ScimUser> {
  const { body } = await ctx.transport.call<ScimUser>(SCIM_CREATE_USER, { body: resource });
  return body;
}

/** Reads one SCIM user by its SCIM id. */
export async function getScimUser(ctx: CloudContext, userId: string): Promise<ScimUser> {
  const { body } = await ctx.transport.call<ScimUser>(
    { ...SCIM_USER, method: 'GET' },
    { params: { userId } },
  );
  return body;
}

/** Applies SCIM PATCH operations (RFC 7644 §3.5.2) to one user. */
export async function patchScimUser(
  ctx: CloudContext,
  userId: string,
  operations: Array<{ op: 'replace' | 'add' | 'remove'; path: string; value?: unknown }>,
): Promise<void> {
  await ctx.transport.call(SCIM_USER, {
    params: { userId },
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
  });
}

/** Deactivates (`disable`) or reactivates (`enable`) an account through the user-management API (204). */
export async function setLifecycle(
  ctx: CloudContext,
  accountId: string,
  action: 'disable' | 'enable',
): Promise<void> {
  await ctx.transport.call(action === 'disable' ? LIFECYCLE_DISABLE : LIFECYCLE_ENABLE, {
    params: { accountId },
    body: {},
  });
}
